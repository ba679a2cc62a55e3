package io.hablocks.cib;

/**
 * A CIB's version: {@code admin_epoch}, {@code epoch}, {@code num_updates}, compared in that
 * order. {@code epoch} rises on every configuration change (and resets {@code num_updates}),
 * {@code num_updates} on every status change, {@code admin_epoch} only by hand. Of two CIBs the
 * one with the greater version is newer, as in Pacemaker.
 *
 * @param adminEpoch the {@code admin_epoch}
 * @param epoch the {@code epoch}
 * @param numUpdates the {@code num_updates}
 */
public record CibVersion(long adminEpoch, long epoch, long numUpdates)
    implements Comparable<CibVersion> {

  /** The version of a new, empty CIB (0.0.0). */
  public static final CibVersion ZERO = new CibVersion(0, 0, 0);

  /** Rejects negative parts. */
  public CibVersion {
    if (adminEpoch < 0 || epoch < 0 || numUpdates < 0) {
      throw new IllegalArgumentException("version parts must not be negative: "
          + adminEpoch + "." + epoch + "." + numUpdates);
    }
  }

  /**
   * Reads "admin_epoch.epoch.num_updates".
   *
   * @param text the text
   * @return the version
   * @throws CibParseException if malformed
   */
  public static CibVersion parse(String text) {
    String[] p = text.split("\\.", -1);
    if (p.length != 3) {
      throw new CibParseException(null, -1, "bad CIB version '" + text + "' (want A.E.N)");
    }
    try {
      return new CibVersion(Long.parseLong(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2]));
    } catch (IllegalArgumentException e) {
      throw new CibParseException(null, -1, "bad CIB version '" + text + "' (want A.E.N)");
    }
  }

  /** @return the version after a configuration change: epoch + 1, num_updates 0 */
  public CibVersion nextEpoch() {
    return new CibVersion(adminEpoch, epoch + 1, 0);
  }

  /** @return the version after a status change: num_updates + 1 */
  public CibVersion nextUpdate() {
    return new CibVersion(adminEpoch, epoch, numUpdates + 1);
  }

  /** @return the version after an administrator bumps admin_epoch by hand (the rest kept) */
  public CibVersion nextAdminEpoch() {
    return new CibVersion(adminEpoch + 1, epoch, numUpdates);
  }

  /**
   * @param other another version
   * @return whether this version is strictly newer
   */
  public boolean isNewerThan(CibVersion other) {
    return compareTo(other) > 0;
  }

  @Override
  public int compareTo(CibVersion o) {
    int c = Long.compare(adminEpoch, o.adminEpoch);
    if (c == 0) {
      c = Long.compare(epoch, o.epoch);
    }
    if (c == 0) {
      c = Long.compare(numUpdates, o.numUpdates);
    }
    return c;
  }

  /** @return "admin_epoch.epoch.num_updates" */
  @Override
  public String toString() {
    return adminEpoch + "." + epoch + "." + numUpdates;
  }
}
