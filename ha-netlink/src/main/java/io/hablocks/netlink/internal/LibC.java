package io.hablocks.netlink.internal;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/** The libc functions ha-netlink binds through JNR-FFI. Only {@link Native} calls these. */
public interface LibC {
  @SaveError
  int socket(int domain, int type, int protocol);

  @SaveError
  int bind(int fd, @In byte[] addr, int addrlen);

  @SaveError
  int setsockopt(int fd, int level, int optname, @In byte[] optval, int optlen);

  @SaveError
  int getsockopt(int fd, int level, int optname, @Out byte[] optval, @In @Out int[] optlen);

  @SaveError
  int getsockname(int fd, @Out byte[] addr, @In @Out int[] addrlen);

  @SaveError
  @ssize_t
  long sendto(int fd, @In byte[] buf, @size_t long len, int flags, @In byte[] addr, int addrlen);

  @SaveError
  @ssize_t
  long recvmsg(int fd, Pointer msg, int flags);

  @SaveError
  @ssize_t
  long recv(int fd, @Out byte[] buf, @size_t long len, int flags);

  @SaveError
  int poll(@In @Out byte[] fds, long nfds, int timeout);

  @SaveError
  int close(int fd);

  @SaveError
  int open(String path, int flags);

  @SaveError
  int setns(int fd, int nstype);

  @SaveError
  int if_nametoindex(String name);

  String strerror(int errnum);
}
