package io.hablocks.ipvs.admin;

import java.net.InetAddress;
import java.util.List;

/**
 * The IPVS table as the kernel exposes it (services and destinations); implemented in memory
 * ({@link MemoryIpvsTable}) and, later, over generic netlink. Errors are {@link Errno}s as the
 * kernel returns them.
 */
public interface IpvsTable {

  /** The kernel's answers that ipvsadm turns into messages. */
  enum Errno {
    /** Already exists. */
    EEXIST,
    /** No such service. */
    ESRCH,
    /** No such destination, or unknown scheduler. */
    ENOENT,
    /** Invalid argument. */
    EINVAL
  }

  /** A kernel error. */
  final class TableException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Errno errno;

    /** @param errno the error */
    public TableException(Errno errno) {
      super(errno.name());
      this.errno = errno;
    }

    /** @return the error */
    public Errno errno() {
      return errno;
    }
  }

  /**
   * A service key and settings.
   *
   * @param protocol "TCP", "UDP", "SCTP" or "FWM"
   * @param address the virtual address (null for fwmark)
   * @param port the virtual port (0 for fwmark)
   * @param fwmark the firewall mark (0 unless FWM)
   * @param ipv6 the address family of a fwmark service
   * @param scheduler the scheduler name
   * @param persistent whether persistent
   * @param timeout the persistence timeout in seconds
   * @param netmask the persistence netmask (IPv4 mask or IPv6 prefix length as text)
   * @param schedFlags the scheduler flag bits (1, 2, 4 for flag-1..3)
   */
  record Service(String protocol, InetAddress address, int port, int fwmark, boolean ipv6,
      String scheduler, boolean persistent, int timeout, String netmask, int schedFlags) {

    /** @param o another service @return whether both name the same service */
    public boolean sameKey(Service o) {
      return protocol.equals(o.protocol) && fwmark == o.fwmark && port == o.port
          && java.util.Objects.equals(address, o.address) && ipv6 == o.ipv6;
    }
  }

  /**
   * A destination.
   *
   * @param address its address
   * @param port its port
   * @param forward "Masq", "Local", "Tunnel" or "Route"
   * @param weight its weight
   * @param upper its upper threshold
   * @param lower its lower threshold
   * @param active active connections
   * @param inactive inactive connections
   */
  record Dest(InetAddress address, int port, String forward, int weight, int upper, int lower,
      int active, int inactive) {}

  /** @param s a new service @throws TableException EEXIST, ENOENT (scheduler) */
  void addService(Service s) throws TableException;

  /** @param s new settings @throws TableException ESRCH, ENOENT */
  void editService(Service s) throws TableException;

  /** @param s the service @throws TableException ESRCH */
  void deleteService(Service s) throws TableException;

  /** @param s the service @param d a new destination @throws TableException ESRCH, EEXIST */
  void addDest(Service s, Dest d) throws TableException;

  /** @param s the service @param d new settings @throws TableException ESRCH, ENOENT */
  void editDest(Service s, Dest d) throws TableException;

  /** @param s the service @param d the destination @throws TableException ESRCH, ENOENT */
  void deleteDest(Service s, Dest d) throws TableException;

  /** Deletes every service. */
  void clear();

  /** @return the services, in the kernel's order */
  List<Service> services();

  /** @param s a service @return its destinations, in the kernel's order (newest first) */
  List<Dest> dests(Service s);
}
