package io.hablocks.vrrp.internal;

import io.hablocks.vrrp.Advertisement;
import io.hablocks.vrrp.VrrpInstanceConfig;
import java.net.InetAddress;

/** What an instance needs of the network; the real one is {@link NetTransport}. */
public interface Transport {

  /** Receives packets of one interface and family. */
  interface Receiver {
    /**
     * @param interfaceName where it came in
     * @param payload the VRRP payload
     * @param src IP source
     * @param dst IP destination
     * @param ttl TTL / hop limit
     */
    void packet(String interfaceName, byte[] payload, InetAddress src, InetAddress dst, int ttl);
  }

  /**
   * Prepares sockets for an instance (joins its group, creates its vmac).
   *
   * @param cfg the instance
   * @param receiver where its packets go
   */
  void open(VrrpInstanceConfig cfg, Receiver receiver);

  /** @param cfg an instance @return the IP source of its adverts */
  InetAddress sourceAddress(VrrpInstanceConfig cfg);

  /**
   * Sends an advert to the group or to every unicast peer.
   *
   * @param cfg the instance
   * @param adv the advert
   */
  void sendAdvert(VrrpInstanceConfig cfg, Advertisement adv);

  /** @param cfg an instance: add its virtual addresses (already present ones are kept) */
  void addAddresses(VrrpInstanceConfig cfg);

  /** @param cfg an instance: remove its virtual addresses (missing ones are fine) */
  void removeAddresses(VrrpInstanceConfig cfg);

  /** @param cfg an instance: one gratuitous ARP / unsolicited NA per virtual address */
  void announce(VrrpInstanceConfig cfg);

  /** @param ifname an interface @return whether it is up with carrier */
  boolean interfaceUp(String ifname);

  /** @param cfg an instance whose resources (vmac) are released */
  void release(VrrpInstanceConfig cfg);

  /** Closes every socket. */
  void close();
}
