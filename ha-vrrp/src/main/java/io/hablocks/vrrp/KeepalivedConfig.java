package io.hablocks.vrrp;

import io.hablocks.vrrp.internal.ConfigParser;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The VRRP part of a keepalived.conf: {@code global_defs}, {@code vrrp_script},
 * {@code vrrp_track_file}, {@code vrrp_sync_group} and {@code vrrp_instance} blocks, with
 * keepalived 2.2.7's keywords and defaults. Other blocks ({@code virtual_server}, ...) are
 * skipped; unknown keywords inside the VRRP blocks are kept as warnings with file:line, as
 * keepalived logs them. Bad values throw {@link VrrpConfigException} naming file:line.
 *
 * <pre>{@code
 * KeepalivedConfig conf = KeepalivedConfig.read(Path.of("/etc/keepalived/keepalived.conf"));
 * VrrpRouter router = VrrpRouter.builder().build();
 * conf.applyTo(router);
 * router.start();
 * }</pre>
 *
 * @param routerId global_defs router_id, or null
 * @param instances the vrrp_instance blocks in order
 * @param scripts the vrrp_script blocks
 * @param syncGroups vrrp_sync_group name to member instance names
 * @param warnings unknown keywords and ignored settings, each with file:line
 */
public record KeepalivedConfig(String routerId, List<VrrpInstanceConfig> instances,
    List<VrrpScript> scripts, Map<String, List<String>> syncGroups, List<String> warnings) {

  /** Copies the lists. */
  public KeepalivedConfig {
    instances = List.copyOf(instances);
    scripts = List.copyOf(scripts);
    syncGroups = Map.copyOf(syncGroups);
    warnings = List.copyOf(warnings);
  }

  /**
   * Reads a file (and its {@code include}s; at most 1 MiB each, 8 levels deep).
   *
   * @param file the path
   * @return the configuration
   * @throws VrrpConfigException naming file:line
   */
  public static KeepalivedConfig read(Path file) {
    return ConfigParser.read(file);
  }

  /**
   * Parses text.
   *
   * @param text the configuration text
   * @param fileName the name used in errors
   * @return the configuration
   * @throws VrrpConfigException naming file:line
   */
  public static KeepalivedConfig parse(String text, String fileName) {
    return ConfigParser.parse(text, fileName);
  }

  /**
   * Adds the scripts, instances and sync groups to a router (before it starts).
   *
   * @param router the router
   * @return the instances added, by name
   */
  public Map<String, VrrpInstance> applyTo(VrrpRouter router) {
    scripts.forEach(router::addScript);
    java.util.Map<String, VrrpInstance> out = new java.util.LinkedHashMap<>();
    for (VrrpInstanceConfig c : instances) {
      out.put(c.name(), router.addInstance(c));
    }
    syncGroups.forEach(router::addSyncGroup);
    return out;
  }
}
