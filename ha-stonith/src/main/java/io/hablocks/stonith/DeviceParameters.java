package io.hablocks.stonith;

import io.hablocks.api.fence.FenceAction;
import io.hablocks.stonith.internal.PcmkDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * A fence device's parameters as Pacemaker has them: the {@code pcmk_*} parameters that tell the
 * fencer which nodes the device fences and how, and the rest, which go to the agent. Immutable.
 *
 * <ul>
 *   <li>{@code pcmk_host_list}: nodes it can fence (space, comma or semicolon separated)</li>
 *   <li>{@code pcmk_host_map}: {@code node:plug} pairs (also {@code node=plug}), separated by
 *       space, comma or semicolon</li>
 *   <li>{@code pcmk_host_check}: static-list, dynamic-list, status or none; by default
 *       static-list when a list or map is set, otherwise dynamic-list when the device can list,
 *       otherwise status</li>
 *   <li>{@code pcmk_host_argument}: the agent parameter carrying the plug ({@code none}: not
 *       sent); by default {@code plug} or {@code port} as the agent's meta-data has them</li>
 *   <li>{@code pcmk_ACTION_action}, {@code pcmk_ACTION_timeout}, {@code pcmk_ACTION_retries} for
 *       ACTION in off, reboot, on, status, list, monitor: the action sent instead, its timeout
 *       (default stonith-timeout), and retries within that timeout (default 2)</li>
 *   <li>{@code pcmk_delay_base} and {@code pcmk_delay_max}: a delay before off/reboot of base
 *       plus a random part, the total at most max</li>
 * </ul>
 */
public final class DeviceParameters {

  /** Retries within the timeout when none are configured (pcmk_*_retries default). */
  public static final int DEFAULT_RETRIES = 2;

  private static final List<FenceAction> PER_ACTION = List.of(FenceAction.OFF,
      FenceAction.REBOOT, FenceAction.ON, FenceAction.STATUS, FenceAction.LIST,
      FenceAction.MONITOR);

  private final String deviceId;
  private final List<String> hostList;
  private final Map<String, String> hostMap;
  private final HostCheck hostCheck;
  private final String hostArgument;
  private final Map<FenceAction, FenceAction> actions;
  private final Map<FenceAction, Duration> timeouts;
  private final Map<FenceAction, Integer> retries;
  private final Duration delayBase;
  private final Duration delayMax;
  private final Map<String, String> agentParameters;
  private final Map<String, String> all;

  private DeviceParameters(String deviceId, Map<String, String> params) {
    this.deviceId = deviceId;
    this.all = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    List<String> list = new ArrayList<>();
    Map<String, String> map = new LinkedHashMap<>();
    HostCheck check = null;
    String hostArg = null;
    Map<FenceAction, FenceAction> act = new EnumMap<>(FenceAction.class);
    Map<FenceAction, Duration> tmo = new EnumMap<>(FenceAction.class);
    Map<FenceAction, Integer> ret = new EnumMap<>(FenceAction.class);
    Duration base = Duration.ZERO;
    Duration max = Duration.ZERO;
    Map<String, String> agent = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : params.entrySet()) {
      String k = Objects.requireNonNull(e.getKey(), "parameter name");
      String v = Objects.requireNonNullElse(e.getValue(), "").strip();
      if (!k.startsWith("pcmk_")) {
        agent.put(k, e.getValue());
        continue;
      }
      switch (k) {
        case "pcmk_host_list":
          for (String h : v.split("[\\s,;]+")) {
            if (!h.isEmpty()) {
              list.add(h);
            }
          }
          break;
        case "pcmk_host_map":
          for (String pair : v.split("[\\s,;]+")) {
            if (pair.isEmpty()) {
              continue;
            }
            int sep = indexOfSep(pair);
            if (sep <= 0) {
              throw bad(k, v, "entry '" + pair + "' is not node:plug");
            }
            map.put(pair.substring(0, sep), pair.substring(sep + 1));
          }
          break;
        case "pcmk_host_check":
          check = HostCheck.parse(v);
          if (check == null) {
            throw bad(k, v, "must be static-list, dynamic-list, status or none");
          }
          break;
        case "pcmk_host_argument":
          if (v.isEmpty()) {
            throw bad(k, v, "must name an agent parameter or be 'none'");
          }
          hostArg = v;
          break;
        case "pcmk_delay_base":
          base = duration(k, v);
          break;
        case "pcmk_delay_max":
          max = duration(k, v);
          break;
        case "pcmk_action_limit":
          break;
        default:
          if (!perAction(k, v, act, tmo, ret)) {
            throw bad(k, v, "unknown pcmk_ parameter");
          }
      }
    }
    this.hostList = List.copyOf(list);
    this.hostMap = Collections.unmodifiableMap(map);
    this.hostCheck = check;
    this.hostArgument = hostArg;
    this.actions = Collections.unmodifiableMap(act);
    this.timeouts = Collections.unmodifiableMap(tmo);
    this.retries = Collections.unmodifiableMap(ret);
    this.delayBase = base;
    this.delayMax = max;
    this.agentParameters = Collections.unmodifiableMap(agent);
  }

  private static int indexOfSep(String pair) {
    int c = pair.indexOf(':');
    int eq = pair.indexOf('=');
    if (c < 0) {
      return eq;
    }
    return eq < 0 ? c : Math.min(c, eq);
  }

  private boolean perAction(String k, String v, Map<FenceAction, FenceAction> act,
      Map<FenceAction, Duration> tmo, Map<FenceAction, Integer> ret) {
    for (FenceAction a : PER_ACTION) {
      String prefix = "pcmk_" + a.word() + "_";
      if (!k.startsWith(prefix)) {
        continue;
      }
      switch (k.substring(prefix.length())) {
        case "action":
          try {
            act.put(a, FenceAction.parse(v));
          } catch (IllegalArgumentException e) {
            throw bad(k, v, "not a fence action");
          }
          return true;
        case "timeout":
          tmo.put(a, duration(k, v));
          return true;
        case "retries":
          try {
            int n = Integer.parseInt(v);
            if (n < 0 || n > 100) {
              throw bad(k, v, "must be between 0 and 100");
            }
            ret.put(a, n);
          } catch (NumberFormatException e) {
            throw bad(k, v, "not a number");
          }
          return true;
        default:
          return false;
      }
    }
    return false;
  }

  private Duration duration(String k, String v) {
    Duration d = PcmkDuration.parse(v);
    if (d == null) {
      throw bad(k, v, "not a duration (for example 60s, 500ms, 2min)");
    }
    return d;
  }

  private StonithException bad(String key, String value, String why) {
    return new StonithException("device '" + deviceId + "': " + key + "='" + value + "': " + why);
  }

  /**
   * Parses a device's parameters.
   *
   * @param deviceId the device id, named in errors
   * @param params every parameter of the device, {@code pcmk_*} and agent ones
   * @return the parameters
   * @throws StonithException naming the device and parameter if one does not parse
   */
  public static DeviceParameters parse(String deviceId, Map<String, String> params) {
    return new DeviceParameters(deviceId, params);
  }

  /** @return the device id */
  public String deviceId() {
    return deviceId;
  }

  /** @return pcmk_host_list */
  public List<String> hostList() {
    return hostList;
  }

  /** @return pcmk_host_map, node to plug */
  public Map<String, String> hostMap() {
    return hostMap;
  }

  /** @return pcmk_host_check if set */
  public Optional<HostCheck> hostCheck() {
    return Optional.ofNullable(hostCheck);
  }

  /**
   * The host check in force, Pacemaker's default when none is set.
   *
   * @param deviceCanList whether the device has a {@code list} action
   * @return the check
   */
  public HostCheck effectiveHostCheck(boolean deviceCanList) {
    if (hostCheck != null) {
      return hostCheck;
    }
    if (!hostList.isEmpty() || !hostMap.isEmpty()) {
      return HostCheck.STATIC_LIST;
    }
    return deviceCanList ? HostCheck.DYNAMIC_LIST : HostCheck.STATUS;
  }

  /** @return pcmk_host_argument if set */
  public Optional<String> hostArgument() {
    return Optional.ofNullable(hostArgument);
  }

  /**
   * The device's name for a node: its pcmk_host_map entry, or the node name.
   *
   * @param node the node name
   * @return the plug
   */
  public String plugFor(String node) {
    return hostMap.getOrDefault(node, node);
  }

  /**
   * Whether the static list names a node (pcmk_host_list or a key of pcmk_host_map).
   *
   * @param node the node
   * @return true if listed
   */
  public boolean staticallyLists(String node) {
    return hostList.contains(node) || hostMap.containsKey(node);
  }

  /**
   * The action sent to the device for a requested one ({@code pcmk_off_action}, ...).
   *
   * @param requested the action the fencer wants
   * @return the action to send
   */
  public FenceAction actionFor(FenceAction requested) {
    return actions.getOrDefault(requested, requested);
  }

  /**
   * The timeout of an action ({@code pcmk_off_timeout}, ...).
   *
   * @param action the requested action
   * @param stonithTimeout the cluster's stonith-timeout, used when none is set
   * @return the timeout
   */
  public Duration timeoutFor(FenceAction action, Duration stonithTimeout) {
    return timeouts.getOrDefault(action, stonithTimeout);
  }

  /**
   * The retries of an action within its timeout ({@code pcmk_off_retries}, ...).
   *
   * @param action the requested action
   * @return the retries, {@link #DEFAULT_RETRIES} when not set
   */
  public int retriesFor(FenceAction action) {
    return retries.getOrDefault(action, DEFAULT_RETRIES);
  }

  /** @return pcmk_delay_base */
  public Duration delayBase() {
    return delayBase;
  }

  /** @return pcmk_delay_max */
  public Duration delayMax() {
    return delayMax;
  }

  /**
   * The delay before an off or reboot: pcmk_delay_base plus a random part, so that the total
   * is at most pcmk_delay_max (when max is above base).
   *
   * @param random the random source
   * @return the delay
   */
  public Duration delay(Random random) {
    if (delayMax.compareTo(delayBase) <= 0) {
      return delayBase;
    }
    long spanMs = delayMax.minus(delayBase).toMillis();
    return delayBase.plusMillis((long) (random.nextDouble() * (spanMs + 1)) % (spanMs + 1));
  }

  /** @return the parameters that go to the agent (everything but {@code pcmk_*}) */
  public Map<String, String> agentParameters() {
    return agentParameters;
  }

  /** @return every parameter as given */
  public Map<String, String> all() {
    return all;
  }

  @Override
  public String toString() {
    return "DeviceParameters[" + deviceId + " " + all.keySet().stream()
        .map(k -> k.toLowerCase(Locale.ROOT).contains("passw") ? k + "=***" : k + "=" + all.get(k))
        .toList() + "]";
  }
}
