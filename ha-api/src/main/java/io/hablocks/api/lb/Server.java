package io.hablocks.api.lb;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One server (IPVS real server, HAProxy server): an address, a weight, a name and a live load
 * source. Immutable, copy-on-change ({@code Server.of(addr).withWeight(3)}); equality is by name,
 * address and weight (not load).
 */
public final class Server {

  private final String name;
  private final InetSocketAddress address;
  private final int weight;
  private final ServerLoad load;

  private Server(String name, InetSocketAddress address, int weight, ServerLoad load) {
    this.name = Objects.requireNonNull(name, "name");
    this.address = Objects.requireNonNull(address, "address");
    if (weight < 0) {
      throw new IllegalArgumentException("weight must be >= 0, got " + weight + " for " + name);
    }
    this.weight = weight;
    this.load = Objects.requireNonNull(load, "load");
  }

  /**
   * A server of weight 1 and no load, named by its address.
   *
   * @param address the address
   * @return the server
   */
  public static Server of(InetSocketAddress address) {
    return new Server(address.getHostString() + ":" + address.getPort(), address, 1,
        ServerLoad.NONE);
  }

  /**
   * A server of weight 1 and no load.
   *
   * @param name its name
   * @param address its address
   * @return the server
   */
  public static Server of(String name, InetSocketAddress address) {
    return new Server(name, address, 1, ServerLoad.NONE);
  }

  /**
   * @param newWeight the weight, 0 or more (0: takes no new connections)
   * @return a copy with this weight
   */
  public Server withWeight(int newWeight) {
    return new Server(name, address, newWeight, load);
  }

  /**
   * @param newName the name
   * @return a copy with this name
   */
  public Server withName(String newName) {
    return new Server(newName, address, weight, load);
  }

  /**
   * @param newLoad the live counters
   * @return a copy reading this load
   */
  public Server withLoad(ServerLoad newLoad) {
    return new Server(name, address, weight, newLoad);
  }

  /** @return the name */
  public String name() {
    return name;
  }

  /** @return the address */
  public InetSocketAddress address() {
    return address;
  }

  /** @return the weight */
  public int weight() {
    return weight;
  }

  /** @return the live load */
  public ServerLoad load() {
    return load;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Server s && s.name.equals(name) && s.address.equals(address)
        && s.weight == weight;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, address, weight);
  }

  @Override
  public String toString() {
    return name + "[" + address + " w=" + weight + "]";
  }
}
