package io.hablocks.netlink;

/** Symbolic names of the Linux error numbers ha-blocks meets (x86-64 and arm64 agree on these). */
public final class Errno {

  /** Operation not permitted. */
  public static final int EPERM = 1;
  /** No such file or directory (netlink: no such object). */
  public static final int ENOENT = 2;
  /** No such process (IPVS: no such service). */
  public static final int ESRCH = 3;
  /** Interrupted system call. */
  public static final int EINTR = 4;
  /** Try again. */
  public static final int EAGAIN = 11;
  /** Permission denied. */
  public static final int EACCES = 13;
  /** Exists already. */
  public static final int EEXIST = 17;
  /** No such device. */
  public static final int ENODEV = 19;
  /** Invalid argument. */
  public static final int EINVAL = 22;
  /** Address family not supported. */
  public static final int EAFNOSUPPORT = 97;
  /** Cannot assign requested address. */
  public static final int EADDRNOTAVAIL = 99;
  /** Operation not supported. */
  public static final int EOPNOTSUPP = 95;

  private Errno() {}

  /**
   * @param errno an error number
   * @return its symbolic name, or {@code E<number>} if not in this table
   */
  public static String name(int errno) {
    return switch (errno) {
      case 1 -> "EPERM";
      case 2 -> "ENOENT";
      case 3 -> "ESRCH";
      case 4 -> "EINTR";
      case 9 -> "EBADF";
      case 11 -> "EAGAIN";
      case 12 -> "ENOMEM";
      case 13 -> "EACCES";
      case 14 -> "EFAULT";
      case 16 -> "EBUSY";
      case 17 -> "EEXIST";
      case 19 -> "ENODEV";
      case 22 -> "EINVAL";
      case 24 -> "EMFILE";
      case 28 -> "ENOSPC";
      case 34 -> "ERANGE";
      case 61 -> "ENODATA";
      case 90 -> "EMSGSIZE";
      case 92 -> "ENOPROTOOPT";
      case 93 -> "EPROTONOSUPPORT";
      case 95 -> "EOPNOTSUPP";
      case 97 -> "EAFNOSUPPORT";
      case 98 -> "EADDRINUSE";
      case 99 -> "EADDRNOTAVAIL";
      case 100 -> "ENETDOWN";
      case 101 -> "ENETUNREACH";
      case 105 -> "ENOBUFS";
      case 110 -> "ETIMEDOUT";
      case 111 -> "ECONNREFUSED";
      default -> "E" + errno;
    };
  }
}
