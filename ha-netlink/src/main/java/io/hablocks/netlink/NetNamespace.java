package io.hablocks.netlink;

import io.hablocks.netlink.internal.Native;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs code inside a named network namespace ({@code ip netns add NAME}) without touching the
 * caller's: a fresh thread calls setns(2) on {@code /var/run/netns/NAME}, runs the code and ends.
 * Sockets opened there (raw, packet, netlink) stay in that namespace for their whole life, so
 * one process can run routers in several namespaces.
 *
 * <pre>{@code
 * RawIpSocket s = NetNamespace.callIn("vr-1", () -> RawIpSocket.open(false, 112));
 * }</pre>
 */
public final class NetNamespace {

  private NetNamespace() {}

  /**
   * @param name a namespace name under /var/run/netns
   * @return whether it exists
   */
  public static boolean exists(String name) {
    return Files.exists(Path.of("/var/run/netns", name));
  }

  /**
   * Runs a task inside a namespace and returns its result.
   *
   * @param name the namespace name, or null to run in the caller's namespace
   * @param task the task
   * @param <T> its result type
   * @return its result
   * @throws NativeException if the namespace cannot be entered
   */
  public static <T> T callIn(String name, Callable<T> task) {
    if (name == null) {
      return call(task);
    }
    if (name.contains("/") || name.isEmpty()) {
      throw new IllegalArgumentException("bad namespace name '" + name + "'");
    }
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Throwable> error = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        String path = "/var/run/netns/" + name;
        int fd = Native.LIBC.open(path, Native.O_RDONLY | Native.O_CLOEXEC);
        if (fd < 0) {
          throw Native.fail("open(" + path + ")");
        }
        try {
          Native.check(Native.LIBC.setns(fd, Native.CLONE_NEWNET), "setns(" + path + ", CLONE_NEWNET)");
        } finally {
          Native.closeQuietly(fd);
        }
        result.set(task.call());
      } catch (Throwable e) {
        error.set(e);
      }
    }, "netns-" + name);
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted entering namespace " + name, e);
    }
    Throwable e = error.get();
    if (e instanceof RuntimeException re) {
      throw re;
    }
    if (e instanceof Error err) {
      throw err;
    }
    if (e != null) {
      throw new IllegalStateException("task in namespace " + name + " failed: " + e, e);
    }
    return result.get();
  }

  private static <T> T call(Callable<T> task) {
    try {
      return task.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The index of an interface, looked up in a namespace.
   *
   * @param namespace the namespace, or null for the caller's
   * @param device the interface name
   * @return its index
   */
  public static int interfaceIndex(String namespace, String device) {
    return callIn(namespace, () -> {
      int i = Native.LIBC.if_nametoindex(device);
      if (i == 0) {
        throw Native.fail("if_nametoindex(" + device + ")");
      }
      return i;
    });
  }
}
