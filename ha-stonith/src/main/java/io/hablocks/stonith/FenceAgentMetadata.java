package io.hablocks.stonith;

import io.hablocks.api.fence.FenceAction;
import io.hablocks.stonith.internal.MetadataReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A fence agent's meta-data ({@code fence_xxx -o metadata}) as a typed model. Immutable.
 * {@link #parse} reads it with a hardened parser (no DTD, no external entities, at most
 * {@link #MAX_BYTES}).
 *
 * @param name the agent name ({@code <resource-agent name=...>})
 * @param shortdesc the one-line description
 * @param longdesc the long description
 * @param vendorUrl the vendor URL, or ""
 * @param parameters the parameters in document order
 * @param actions the actions the agent advertises
 * @param symlinks other names the agent is installed under ({@code <symlink name=...>})
 */
public record FenceAgentMetadata(String name, String shortdesc, String longdesc, String vendorUrl,
    List<FenceParameter> parameters, List<Action> actions, List<String> symlinks) {

  /** The largest meta-data document accepted. */
  public static final int MAX_BYTES = 1 << 20;

  /**
   * One advertised {@code <action>}.
   *
   * @param name the action word ({@code on}, {@code list-status}, {@code manpage}, ...)
   * @param automatic whether the cluster runs it automatically ({@code automatic="1"})
   * @param onTarget whether it must run on the target ({@code on_target="1"})
   */
  public record Action(String name, boolean automatic, boolean onTarget) {
    /** Checks the name. */
    public Action {
      Objects.requireNonNull(name, "name");
    }
  }

  /** Copies the lists. */
  public FenceAgentMetadata {
    Objects.requireNonNull(name, "name");
    shortdesc = Objects.requireNonNullElse(shortdesc, "");
    longdesc = Objects.requireNonNullElse(longdesc, "");
    vendorUrl = Objects.requireNonNullElse(vendorUrl, "");
    parameters = List.copyOf(parameters);
    actions = List.copyOf(actions);
    symlinks = List.copyOf(symlinks);
  }

  /**
   * Parses a meta-data document.
   *
   * @param xml the document
   * @param source what it came from, named in errors (an agent path, a file)
   * @return the model
   * @throws StonithException naming the source, line and element path if it is not valid
   */
  public static FenceAgentMetadata parse(byte[] xml, String source) {
    return MetadataReader.read(xml, source);
  }

  /**
   * Parses a meta-data document given as text.
   *
   * @param xml the document
   * @param source what it came from
   * @return the model
   */
  public static FenceAgentMetadata parse(String xml, String source) {
    return parse(xml.getBytes(StandardCharsets.UTF_8), source);
  }

  /**
   * A parameter by name.
   *
   * @param parameterName the name
   * @return the parameter, if the agent has it
   */
  public Optional<FenceParameter> parameter(String parameterName) {
    return parameters.stream().filter(p -> p.name().equals(parameterName)).findFirst();
  }

  /**
   * Whether the agent advertises an action.
   *
   * @param action the action
   * @return true if an {@code <action name=...>} names it
   */
  public boolean supports(FenceAction action) {
    return actions.stream().anyMatch(a -> a.name().equals(action.word()));
  }

  /**
   * The parameter that carries the target's plug, as Pacemaker chooses pcmk_host_argument's
   * default: {@code plug} if the agent has it, else {@code port}, else "none".
   *
   * @return {@code plug}, {@code port} or {@code none}
   */
  public String defaultHostArgument() {
    if (parameter("plug").isPresent()) {
      return "plug";
    }
    if (parameter("port").isPresent()) {
      return "port";
    }
    return "none";
  }

  /**
   * The meta-data as Pacemaker's fencer presents it ({@code stonith_admin --metadata -a AGENT}):
   * {@code action}, {@code plug} and {@code port} are not required, since the fencer supplies
   * them, and the resource actions {@code stop} and {@code start} are added.
   *
   * @return the transformed model
   */
  public FenceAgentMetadata asPacemakerShows() {
    List<FenceParameter> ps = new java.util.ArrayList<>();
    for (FenceParameter p : parameters) {
      boolean supplied = p.name().equals("action") || p.name().equals("plug")
          || p.name().equals("port");
      ps.add(supplied && p.required() ? new FenceParameter(p.name(), false, p.unique(),
          p.deprecated(), p.obsoletes(), p.getopt(), p.type(), p.defaultValue(), p.options(),
          p.shortdesc()) : p);
    }
    List<Action> as = new java.util.ArrayList<>(actions);
    for (String extra : new String[] {"stop", "start"}) {
      if (as.stream().noneMatch(a -> a.name().equals(extra))) {
        as.add(new Action(extra, false, false));
      }
    }
    return new FenceAgentMetadata(name, shortdesc, longdesc, vendorUrl, ps, as, symlinks);
  }
}
