/**
 * The cron schedules of CronJobs (robfig/cron's standard parser, as upstream uses): parsing with
 * upstream's error messages for the API server's validation, and the next start time in a zone
 * for the CronJob controller. Depends on the JDK only.
 */
package io.j8s.api.cron;
