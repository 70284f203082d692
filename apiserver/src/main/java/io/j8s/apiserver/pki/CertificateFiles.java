package io.j8s.apiserver.pki;

import java.nio.file.Path;

/** A certificate signed by the cluster CA and its key, PEM files on disk (the key mode 0600). */
public record CertificateFiles(Path certFile, Path keyFile) {}
