package io.j8s.kubelet.runtime;

import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;

/** One forwarded connection: bytes from the pod's port, bytes to it; closing ends both. */
public interface PortConnection extends Closeable {
    InputStream input();

    OutputStream output();
}
