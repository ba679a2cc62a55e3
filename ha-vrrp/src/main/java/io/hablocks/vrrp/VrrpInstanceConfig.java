package io.hablocks.vrrp;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The settings of one VRRP instance, with keepalived's names and defaults (a
 * {@code vrrp_instance} block). Immutable; made by {@link #builder}.
 *
 * <pre>{@code
 * VrrpInstanceConfig vi = VrrpInstanceConfig.builder("VI_1", "eth0", 51)
 *     .version(VrrpVersion.V3).priority(150).advertInterval(Duration.ofSeconds(1))
 *     .virtualAddress(VirtualAddress.parse("10.99.0.100/24"))
 *     .build();
 * }</pre>
 */
public final class VrrpInstanceConfig {

  /** What a tracked object does when it fails. */
  public record Track(String name, int weight) {}

  private final String name;
  private final String interfaceName;
  private final int vrid;
  private final VrrpVersion version;
  private final int priority;
  private final Duration advertInterval;
  private final boolean preempt;
  private final Duration preemptDelay;
  private final boolean initialMaster;
  private final String password;
  private final List<VirtualAddress> virtualAddresses;
  private final InetAddress sourceAddress;
  private final List<InetAddress> unicastPeers;
  private final Duration garpMasterDelay;
  private final int garpMasterRepeat;
  private final Duration garpMasterRefresh;
  private final boolean useVmac;
  private final List<Track> trackInterfaces;
  private final List<Track> trackScripts;
  private final List<Track> trackFiles;
  private final String notifyMaster;
  private final String notifyBackup;
  private final String notifyFault;
  private final String notifyStop;
  private final String notify;

  private VrrpInstanceConfig(Builder b) {
    name = b.name;
    interfaceName = b.interfaceName;
    vrid = b.vrid;
    version = b.version;
    priority = b.priority;
    advertInterval = b.advertInterval;
    preempt = b.preempt;
    preemptDelay = b.preemptDelay;
    initialMaster = b.initialMaster;
    password = b.password;
    virtualAddresses = List.copyOf(b.virtualAddresses);
    sourceAddress = b.sourceAddress;
    unicastPeers = List.copyOf(b.unicastPeers);
    garpMasterDelay = b.garpMasterDelay;
    garpMasterRepeat = b.garpMasterRepeat;
    garpMasterRefresh = b.garpMasterRefresh;
    useVmac = b.useVmac;
    trackInterfaces = List.copyOf(b.trackInterfaces);
    trackScripts = List.copyOf(b.trackScripts);
    trackFiles = List.copyOf(b.trackFiles);
    notifyMaster = b.notifyMaster;
    notifyBackup = b.notifyBackup;
    notifyFault = b.notifyFault;
    notifyStop = b.notifyStop;
    notify = b.notify;
  }

  /**
   * @param name the instance name (VI_1)
   * @param interfaceName the interface adverts go on
   * @param vrid virtual_router_id 1..255
   * @return a builder with keepalived's defaults (v2, priority 100, advert_int 1, preempt)
   */
  public static Builder builder(String name, String interfaceName, int vrid) {
    return new Builder(name, interfaceName, vrid);
  }

  /** @return a builder with this config's values */
  public Builder toBuilder() {
    Builder b = new Builder(name, interfaceName, vrid).version(version).priority(priority)
        .advertInterval(advertInterval).preempt(preempt).preemptDelay(preemptDelay)
        .initialMaster(initialMaster).password(password).sourceAddress(sourceAddress)
        .garpMasterDelay(garpMasterDelay).garpMasterRepeat(garpMasterRepeat)
        .garpMasterRefresh(garpMasterRefresh).useVmac(useVmac).notifyMaster(notifyMaster)
        .notifyBackup(notifyBackup).notifyFault(notifyFault).notifyStop(notifyStop)
        .notifyScript(notify);
    virtualAddresses.forEach(b::virtualAddress);
    unicastPeers.forEach(b::unicastPeer);
    trackInterfaces.forEach(t -> b.trackInterface(t.name(), t.weight()));
    trackScripts.forEach(t -> b.trackScript(t.name(), t.weight()));
    trackFiles.forEach(t -> b.trackFile(t.name(), t.weight()));
    return b;
  }

  /** @return the instance name */
  public String name() {
    return name;
  }

  /** @return the interface */
  public String interfaceName() {
    return interfaceName;
  }

  /** @return virtual_router_id */
  public int vrid() {
    return vrid;
  }

  /** @return the VRRP version */
  public VrrpVersion version() {
    return version;
  }

  /** @return the base priority */
  public int priority() {
    return priority;
  }

  /** @return advert_int */
  public Duration advertInterval() {
    return advertInterval;
  }

  /** @return false with nopreempt */
  public boolean preempt() {
    return preempt;
  }

  /** @return preempt_delay (zero if none) */
  public Duration preemptDelay() {
    return preemptDelay;
  }

  /** @return whether {@code state MASTER} was configured */
  public boolean initialMaster() {
    return initialMaster;
  }

  /** @return the v2 PASS password, or null */
  public String password() {
    return password;
  }

  /** @return virtual_ipaddress */
  public List<VirtualAddress> virtualAddresses() {
    return virtualAddresses;
  }

  /** @return unicast_src_ip / mcast_src_ip, or null for the interface's primary address */
  public InetAddress sourceAddress() {
    return sourceAddress;
  }

  /** @return unicast_peer (empty for multicast) */
  public List<InetAddress> unicastPeers() {
    return unicastPeers;
  }

  /** @return garp_master_delay (keepalived default 5 s; zero: no second burst) */
  public Duration garpMasterDelay() {
    return garpMasterDelay;
  }

  /** @return garp_master_repeat (default 5) */
  public int garpMasterRepeat() {
    return garpMasterRepeat;
  }

  /** @return garp_master_refresh (zero: none) */
  public Duration garpMasterRefresh() {
    return garpMasterRefresh;
  }

  /** @return use_vmac */
  public boolean useVmac() {
    return useVmac;
  }

  /** @return track_interface entries */
  public List<Track> trackInterfaces() {
    return trackInterfaces;
  }

  /** @return track_script entries (names of vrrp_script blocks) */
  public List<Track> trackScripts() {
    return trackScripts;
  }

  /** @return track_file entries (paths) */
  public List<Track> trackFiles() {
    return trackFiles;
  }

  /** @return notify_master script, or null */
  public String notifyMaster() {
    return notifyMaster;
  }

  /** @return notify_backup script, or null */
  public String notifyBackup() {
    return notifyBackup;
  }

  /** @return notify_fault script, or null */
  public String notifyFault() {
    return notifyFault;
  }

  /** @return notify_stop script, or null */
  public String notifyStop() {
    return notifyStop;
  }

  /** @return notify script (called with INSTANCE NAME STATE PRIORITY), or null */
  public String notifyScript() {
    return notify;
  }

  /** @return whether the addresses are IPv6 (decided by the first virtual address) */
  public boolean isIpv6() {
    return !virtualAddresses.isEmpty() && virtualAddresses.get(0).isIpv6();
  }

  @Override
  public String toString() {
    return "vrrp_instance " + name + " " + interfaceName + " vrid " + vrid + " v"
        + version.number() + " prio " + priority + " " + virtualAddresses;
  }

  /** Builds a {@link VrrpInstanceConfig}. */
  public static final class Builder {
    private final String name;
    private final String interfaceName;
    private final int vrid;
    private VrrpVersion version = VrrpVersion.V2;
    private int priority = 100;
    private Duration advertInterval = Duration.ofSeconds(1);
    private boolean preempt = true;
    private Duration preemptDelay = Duration.ZERO;
    private boolean initialMaster;
    private String password;
    private final List<VirtualAddress> virtualAddresses = new ArrayList<>();
    private InetAddress sourceAddress;
    private final List<InetAddress> unicastPeers = new ArrayList<>();
    private Duration garpMasterDelay = Duration.ofSeconds(5);
    private int garpMasterRepeat = 5;
    private Duration garpMasterRefresh = Duration.ZERO;
    private boolean useVmac;
    private final List<Track> trackInterfaces = new ArrayList<>();
    private final List<Track> trackScripts = new ArrayList<>();
    private final List<Track> trackFiles = new ArrayList<>();
    private String notifyMaster;
    private String notifyBackup;
    private String notifyFault;
    private String notifyStop;
    private String notify;

    private Builder(String name, String interfaceName, int vrid) {
      this.name = Objects.requireNonNull(name, "name");
      this.interfaceName = Objects.requireNonNull(interfaceName, "interfaceName");
      this.vrid = vrid;
    }

    /** @param v version @return this */
    public Builder version(VrrpVersion v) {
      version = Objects.requireNonNull(v);
      return this;
    }

    /** @param p 1..255 @return this */
    public Builder priority(int p) {
      priority = p;
      return this;
    }

    /** @param d advert_int @return this */
    public Builder advertInterval(Duration d) {
      advertInterval = Objects.requireNonNull(d);
      return this;
    }

    /** @param p false for nopreempt @return this */
    public Builder preempt(boolean p) {
      preempt = p;
      return this;
    }

    /** @param d preempt_delay @return this */
    public Builder preemptDelay(Duration d) {
      preemptDelay = Objects.requireNonNull(d);
      return this;
    }

    /** @param m state MASTER @return this */
    public Builder initialMaster(boolean m) {
      initialMaster = m;
      return this;
    }

    /** @param p v2 auth_pass (auth_type PASS), null for none @return this */
    public Builder password(String p) {
      password = p == null || p.isEmpty() ? null : p;
      return this;
    }

    /** @param a a virtual_ipaddress entry @return this */
    public Builder virtualAddress(VirtualAddress a) {
      virtualAddresses.add(Objects.requireNonNull(a));
      return this;
    }

    /** @param a the source address (unicast_src_ip / mcast_src_ip) @return this */
    public Builder sourceAddress(InetAddress a) {
      sourceAddress = a;
      return this;
    }

    /** @param a a unicast_peer @return this */
    public Builder unicastPeer(InetAddress a) {
      unicastPeers.add(Objects.requireNonNull(a));
      return this;
    }

    /** @param d garp_master_delay @return this */
    public Builder garpMasterDelay(Duration d) {
      garpMasterDelay = Objects.requireNonNull(d);
      return this;
    }

    /** @param n garp_master_repeat @return this */
    public Builder garpMasterRepeat(int n) {
      garpMasterRepeat = n;
      return this;
    }

    /** @param d garp_master_refresh @return this */
    public Builder garpMasterRefresh(Duration d) {
      garpMasterRefresh = Objects.requireNonNull(d);
      return this;
    }

    /** @param v use_vmac @return this */
    public Builder useVmac(boolean v) {
      useVmac = v;
      return this;
    }

    /** @param ifname interface @param weight 0: FAULT when down; else priority change @return this */
    public Builder trackInterface(String ifname, int weight) {
      trackInterfaces.add(new Track(ifname, weight));
      return this;
    }

    /** @param script vrrp_script name @param weight override (0: the script's own) @return this */
    public Builder trackScript(String script, int weight) {
      trackScripts.add(new Track(script, weight));
      return this;
    }

    /** @param path file path @param weight multiplier (0: FAULT when non-zero) @return this */
    public Builder trackFile(String path, int weight) {
      trackFiles.add(new Track(path, weight));
      return this;
    }

    /** @param s notify_master @return this */
    public Builder notifyMaster(String s) {
      notifyMaster = s;
      return this;
    }

    /** @param s notify_backup @return this */
    public Builder notifyBackup(String s) {
      notifyBackup = s;
      return this;
    }

    /** @param s notify_fault @return this */
    public Builder notifyFault(String s) {
      notifyFault = s;
      return this;
    }

    /** @param s notify_stop @return this */
    public Builder notifyStop(String s) {
      notifyStop = s;
      return this;
    }

    /** @param s notify @return this */
    public Builder notifyScript(String s) {
      notify = s;
      return this;
    }

    /**
     * @return the config
     * @throws IllegalArgumentException naming the field that is out of range
     */
    public VrrpInstanceConfig build() {
      if (vrid < 1 || vrid > 255) {
        throw new IllegalArgumentException("virtual_router_id must be 1..255: " + vrid);
      }
      if (priority < 1 || priority > 255) {
        throw new IllegalArgumentException("priority must be 1..255: " + priority);
      }
      if (version == VrrpVersion.V2) {
        if (advertInterval.toMillis() % 1000 != 0 || advertInterval.toSeconds() < 1
            || advertInterval.toSeconds() > 255) {
          throw new IllegalArgumentException(
              "advert_int must be whole seconds 1..255 for version 2: " + advertInterval);
        }
      } else if (advertInterval.toMillis() < 10 || advertInterval.toMillis() > 40950
          || advertInterval.toMillis() % 10 != 0) {
        throw new IllegalArgumentException(
            "advert_int must be 0.01..40.95 s in centiseconds for version 3: " + advertInterval);
      }
      if (virtualAddresses.isEmpty()) {
        throw new IllegalArgumentException("virtual_ipaddress is empty in " + name);
      }
      boolean v6 = virtualAddresses.get(0).isIpv6();
      for (VirtualAddress a : virtualAddresses) {
        if (a.isIpv6() != v6) {
          throw new IllegalArgumentException("virtual_ipaddress mixes IPv4 and IPv6 in " + name);
        }
      }
      if (v6 && version == VrrpVersion.V2) {
        throw new IllegalArgumentException("IPv6 virtual addresses need version 3 in " + name);
      }
      if (password != null && version == VrrpVersion.V3) {
        throw new IllegalArgumentException("authentication is not part of VRRP version 3 in "
            + name);
      }
      return new VrrpInstanceConfig(this);
    }
  }
}
