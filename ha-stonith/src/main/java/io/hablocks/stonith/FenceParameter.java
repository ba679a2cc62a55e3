package io.hablocks.stonith;

import java.util.List;
import java.util.Objects;

/**
 * One {@code <parameter>} of a fence agent's meta-data. Immutable.
 *
 * @param name the name as written on the agent's standard input ({@code ip}, {@code plug}, ...)
 * @param required whether the agent needs it ({@code required="1"})
 * @param unique whether its value must be unique among devices ({@code unique="1"})
 * @param deprecated whether it is deprecated ({@code deprecated="1"})
 * @param obsoletes the name of the parameter this one replaces, or ""
 * @param getopt the command-line form ({@code <getopt mixed=...>}), or ""
 * @param type the content type ({@code string}, {@code boolean}, {@code integer}, {@code second},
 *     {@code select})
 * @param defaultValue the default, or "" when there is none
 * @param options the allowed values of a {@code select}, in order
 * @param shortdesc the one-line description
 */
public record FenceParameter(String name, boolean required, boolean unique, boolean deprecated,
    String obsoletes, String getopt, String type, String defaultValue, List<String> options,
    String shortdesc) {

  /** Checks and copies. */
  public FenceParameter {
    Objects.requireNonNull(name, "name");
    obsoletes = Objects.requireNonNullElse(obsoletes, "");
    getopt = Objects.requireNonNullElse(getopt, "");
    type = Objects.requireNonNullElse(type, "string");
    defaultValue = Objects.requireNonNullElse(defaultValue, "");
    options = List.copyOf(options);
    shortdesc = Objects.requireNonNullElse(shortdesc, "");
  }
}
