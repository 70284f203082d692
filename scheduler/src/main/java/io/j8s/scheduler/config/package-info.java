/**
 * The scheduler's configuration: a {@code KubeSchedulerConfiguration} file
 * (kubescheduler.config.k8s.io/v1) read and validated into profiles, and upstream's default
 * profile. Depends on Jackson only; errors name the field, as upstream's validation does.
 */
package io.j8s.scheduler.config;
