package io.hablocks.haproxy;

import io.hablocks.haproxy.internal.ConfigReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed haproxy.cfg (one or more files, read in order as {@code haproxy -f a -f b} reads them).
 * Immutable.
 *
 * <pre>{@code
 * HaproxyConfig cfg = HaproxyConfig.parse("haproxy.cfg", text, System.getenv());
 * ProxyConfig be = cfg.proxy("be_app").orElseThrow();
 * }</pre>
 *
 * @param global the merged global sections
 * @param proxies the frontends, backends and listens in declaration order
 * @param warnings what HAProxy would warn about, and every keyword this implementation does not
 *     support (such keywords are reported here and otherwise ignored)
 */
public record HaproxyConfig(GlobalConfig global, List<ProxyConfig> proxies,
    List<String> warnings) {

  /** The HAProxy version this implementation follows (for {@code version_atleast()}). */
  public static final String VERSION = "2.6.12";

  /** Canonical form. */
  public HaproxyConfig {
    proxies = List.copyOf(proxies);
    warnings = List.copyOf(warnings);
  }

  /**
   * Parses configuration text.
   *
   * @param fileName the name used in messages
   * @param text the content
   * @param env the environment for {@code ${VAR}} expansion
   * @return the configuration
   * @throws HaproxyConfigException naming file:line and keyword
   */
  public static HaproxyConfig parse(String fileName, String text, Map<String, String> env) {
    return new ConfigReader(env).read(List.of(Map.entry(fileName, text)));
  }

  /**
   * Reads files in order.
   *
   * @param files the files
   * @param env the environment for {@code ${VAR}} expansion
   * @return the configuration
   * @throws HaproxyConfigException on bad content or an unreadable file
   */
  public static HaproxyConfig load(List<Path> files, Map<String, String> env) {
    List<Map.Entry<String, String>> sources = new ArrayList<>();
    for (Path f : files) {
      try {
        if (Files.size(f) > ConfigReader.MAX_FILE_BYTES) {
          throw new HaproxyConfigException(f.toString(), 0, null,
              "file larger than " + ConfigReader.MAX_FILE_BYTES + " bytes.");
        }
        sources.add(Map.entry(f.toString(), Files.readString(f, StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new HaproxyConfigException(f.toString(), 0, null,
            "cannot read file: " + e.getMessage());
      }
    }
    return new ConfigReader(env).read(sources);
  }

  /**
   * @param name a proxy name
   * @return the first proxy of that name (a frontend and a backend may share a name)
   */
  public Optional<ProxyConfig> proxy(String name) {
    return proxies.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /**
   * @param name a backend name
   * @return the backend or listen of that name
   */
  public Optional<ProxyConfig> backend(String name) {
    return proxies.stream().filter(p -> p.backend() && p.name().equals(name)).findFirst();
  }
}
