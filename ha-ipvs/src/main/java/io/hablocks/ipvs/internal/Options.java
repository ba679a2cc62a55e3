package io.hablocks.ipvs.internal;

import io.hablocks.api.Clock;
import java.util.random.RandomGenerator;

/**
 * What a scheduler may need beside the server list.
 *
 * @param flags the service's scheduler flag bits (IP_VS_SVC_F_SCHED1..3)
 * @param clock time for lblcr's set expiration
 * @param random the random source of twos, or null for a thread-local one
 * @param lblcrExpirationNanos lblcr: a set unchanged this long drops its most loaded member
 */
public record Options(int flags, Clock clock, RandomGenerator random, long lblcrExpirationNanos) {

  /** IP_VS_SVC_F_SCHED1: sh/mh fallback. */
  public static final int SCHED1 = 0x0008;
  /** IP_VS_SVC_F_SCHED2: sh/mh port. */
  public static final int SCHED2 = 0x0010;

  boolean has(int bit) {
    return (flags & bit) != 0;
  }
}
