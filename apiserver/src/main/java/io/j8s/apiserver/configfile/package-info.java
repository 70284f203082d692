/**
 * Reading the server's configuration files (audit policy, encryption configuration, admission
 * configuration): YAML or JSON, and errors that name the file and the line they are on.
 */
package io.j8s.apiserver.configfile;
