package io.hablocks.ipvs;

import io.hablocks.api.Clock;
import io.hablocks.api.lb.Scheduler;
import io.hablocks.ipvs.internal.Options;
import io.hablocks.ipvs.internal.Schedulers;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The kernel's IPVS schedulers as ha-api {@link Scheduler}s. Each makes the choice the 6.1
 * kernel makes given the same destination list (newest first, as the kernel keeps it), weights,
 * flags and counters; a server whose {@link io.hablocks.api.lb.Server#load() load} is a {@link
 * DestinationCounters} also honours its OVERLOAD flag.
 *
 * <pre>{@code
 * Scheduler wrr = IpvsSchedulers.create("wrr");
 * Picker p = wrr.newPicker(servers, null);        // servers newest first
 * PickResult r = p.pick(PickContext.of(client, vip));
 * }</pre>
 */
public final class IpvsSchedulers {

  private IpvsSchedulers() {
  }

  /** @return every scheduler name: rr wrr lc wlc lblc lblcr dh sh sed nq mh fo ovf twos */
  public static List<String> names() {
    return Schedulers.NAMES;
  }

  /**
   * @param name a scheduler name
   * @return the scheduler without flags
   * @throws IpvsException if the name is unknown
   */
  public static Scheduler create(String name) {
    return builder(name).build();
  }

  /**
   * @param name a scheduler name
   * @return a builder for flags, clock and random source
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Options of one scheduler. */
  public static final class Builder {
    private final String name;
    private Set<SchedulerFlag> flags = EnumSet.noneOf(SchedulerFlag.class);
    private Clock clock = Clock.system();
    private RandomGenerator random;
    private Duration lblcrExpiration = Duration.ofDays(1);

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /** @param f the service's scheduler flags (sh-port, mh-fallback, ...) @return this */
    public Builder flags(Set<SchedulerFlag> f) {
      this.flags = EnumSet.noneOf(SchedulerFlag.class);
      this.flags.addAll(f);
      return this;
    }

    /** @param c the clock (lblcr's set expiration) @return this */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /** @param r twos's random source (default: thread-local) @return this */
    public Builder random(RandomGenerator r) {
      this.random = r;
      return this;
    }

    /** @param d lblcr's expiration (sysctl lblcr_expiration, default 24 h) @return this */
    public Builder lblcrExpiration(Duration d) {
      this.lblcrExpiration = Objects.requireNonNull(d, "lblcrExpiration");
      return this;
    }

    /**
     * @return the scheduler
     * @throws IpvsException if the name is unknown
     */
    public Scheduler build() {
      int bits = 0;
      for (SchedulerFlag f : flags) {
        bits |= f.bit();
      }
      Scheduler s = Schedulers.create(name,
          new Options(bits, clock, random, lblcrExpiration.toNanos()));
      if (s == null) {
        throw new IpvsException("unknown scheduler '" + name + "' (known: "
            + String.join(" ", Schedulers.NAMES) + ")");
      }
      return s;
    }
  }
}
