/**
 * Upstream's CronJob controller: Jobs stamped out at the times of a cron schedule in a time zone,
 * with concurrency policy, starting deadline, suspend and history limits; the next time is
 * queued with a delay, never polled. Depends on the controllers' contract, api's cron parser and
 * the client.
 */
package io.j8s.controllers.cronjob;
