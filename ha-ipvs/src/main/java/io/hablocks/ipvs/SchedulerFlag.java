package io.hablocks.ipvs;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Scheduler flags of a virtual service, as {@code ipvsadm -b} takes them. The kernel has three
 * generic bits whose meaning depends on the scheduler: sh and mh read flag-1 as "fallback" and
 * flag-2 as "port".
 */
public enum SchedulerFlag {
  /** IP_VS_SVC_F_SCHED1: {@code sh-fallback}, {@code mh-fallback}. */
  FLAG_1(0x0008),
  /** IP_VS_SVC_F_SCHED2: {@code sh-port}, {@code mh-port}. */
  FLAG_2(0x0010),
  /** IP_VS_SVC_F_SCHED3. */
  FLAG_3(0x0020);

  private final int bit;

  SchedulerFlag(int bit) {
    this.bit = bit;
  }

  /** @return the bit in the service's flags */
  public int bit() {
    return bit;
  }

  /**
   * Parses one flag name as ipvsadm spells it.
   *
   * @param name {@code flag-1}, {@code sh-fallback}, {@code mh-port}, ...
   * @return the flag
   * @throws IpvsException if the name is unknown
   */
  public static SchedulerFlag parse(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "flag-1":
      case "sh-fallback":
      case "mh-fallback":
        return FLAG_1;
      case "flag-2":
      case "sh-port":
      case "mh-port":
        return FLAG_2;
      case "flag-3":
        return FLAG_3;
      default:
        throw new IpvsException("unknown scheduler flag '" + name
            + "' (expected flag-1, flag-2, flag-3, sh-fallback, sh-port, mh-fallback, mh-port)");
    }
  }

  /**
   * Parses a comma list as {@code ipvsadm -b} takes it; empty or {@code -} gives no flags.
   *
   * @param list the list
   * @return the flags
   */
  public static Set<SchedulerFlag> parseList(String list) {
    Set<SchedulerFlag> out = EnumSet.noneOf(SchedulerFlag.class);
    if (list == null || list.isBlank() || list.equals("-")) {
      return out;
    }
    for (String s : list.split(",")) {
      if (!s.isBlank()) {
        out.add(parse(s.strip()));
      }
    }
    return out;
  }
}
