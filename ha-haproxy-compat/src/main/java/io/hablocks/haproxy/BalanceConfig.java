package io.hablocks.haproxy;

import java.util.List;

/**
 * A backend's {@code balance} and {@code hash-type} settings. Immutable.
 *
 * @param algorithm roundrobin, static-rr, leastconn, first, source, uri, url_param, hdr,
 *     rdp-cookie, hash or random
 * @param arguments the words after the algorithm name ({@code uri whole len 10}: whole, len, 10)
 * @param consistent whether {@code hash-type consistent} (else map-based)
 * @param hashFunction sdbm (default), djb2, wt6, crc32 or none
 * @param avalanche whether the {@code avalanche} modifier applies
 */
public record BalanceConfig(String algorithm, List<String> arguments, boolean consistent,
    String hashFunction, boolean avalanche) {

  /** HAProxy's default: roundrobin. */
  public static final BalanceConfig ROUNDROBIN =
      new BalanceConfig("roundrobin", List.of(), false, "sdbm", false);

  /** Canonical form. */
  public BalanceConfig {
    arguments = List.copyOf(arguments);
  }

  /** @param c whether consistent @param fn the function @param av avalanche @return a copy */
  public BalanceConfig withHashType(boolean c, String fn, boolean av) {
    return new BalanceConfig(algorithm, arguments, c, fn, av);
  }

  /** @return whether the algorithm hashes something of the request */
  public boolean isHash() {
    return switch (algorithm) {
      case "source", "uri", "url_param", "hdr", "rdp-cookie", "hash" -> true;
      default -> false;
    };
  }
}
