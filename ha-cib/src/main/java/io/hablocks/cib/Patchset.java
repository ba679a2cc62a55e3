package io.hablocks.cib;

import io.hablocks.cib.internal.PatchApplier;
import io.hablocks.cib.internal.PatchDiffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A patchset in Pacemaker's v2 format ({@code <diff format="2">}): a version block (source and
 * target admin_epoch/epoch/num_updates) and changes — {@code create} (a new subtree at a
 * position under a path), {@code modify} (attributes: a change-list and the resulting element),
 * {@code delete} (a path; comments with a position) and {@code move} (a path to a new position).
 * Computed between two CIBs ({@link #between}) and applied to one ({@link #apply}); interoperable
 * both ways with {@code crm_diff}.
 *
 * <pre>{@code
 * Patchset p = Patchset.between(oldCib, newCib);
 * String xml = p.toXml();                  // what crm_diff -o OLD -n NEW prints (v2)
 * Cib again = p.apply(oldCib);             // equals newCib; refuses a CIB at another version
 * }</pre>
 */
public final class Patchset {

  /** What a change does. */
  public enum Operation {
    /** A new element (or comment) at a position under the path. */
    CREATE,
    /** New attributes for the element at the path. */
    MODIFY,
    /** The element at the path is removed. */
    DELETE,
    /** The element at the path moves to a position among its siblings. */
    MOVE
  }

  /**
   * One change of a patchset.
   *
   * @param operation what it does
   * @param path the element path (the parent for a create)
   * @param position the position for create and move (and delete of a comment)
   * @param content the created element, for a create
   * @param result the element with its new attributes (no children), for a modify
   * @param element the {@code change} element
   */
  public record Change(Operation operation, String path, OptionalInt position,
      Optional<CibElement> content, Optional<CibElement> result, CibElement element) {

    /** Checks that nothing is null. */
    public Change {
      Objects.requireNonNull(operation, "operation");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(position, "position");
      Objects.requireNonNull(content, "content");
      Objects.requireNonNull(result, "result");
      Objects.requireNonNull(element, "element");
    }
  }

  private final CibElement diff;
  private final CibVersion source;
  private final CibVersion target;
  private final List<Change> changes;

  private Patchset(CibElement diff) {
    this.diff = diff;
    CibElement version = diff.firstElement("version").orElse(null);
    this.source = version == null ? null : version.firstElement("source").map(Patchset::version).orElse(null);
    this.target = version == null ? null : version.firstElement("target").map(Patchset::version).orElse(null);
    List<Change> list = new ArrayList<>();
    for (CibElement c : diff.elements()) {
      if (c.name().equals("version")) {
        continue;
      }
      if (!c.name().equals("change")) {
        throw new CibParseException("/diff/" + c.name(), c.line(), "unexpected <" + c.name() + "> in a v2 patchset");
      }
      String op = c.attributeOrNull("operation");
      String path = c.attributeOrNull("path");
      if (op == null || path == null) {
        throw new CibParseException("/diff/change", c.line(), "a change needs 'operation' and 'path'");
      }
      Operation o;
      switch (op) {
        case "create" -> o = Operation.CREATE;
        case "modify" -> o = Operation.MODIFY;
        case "delete" -> o = Operation.DELETE;
        case "move" -> o = Operation.MOVE;
        default -> throw new CibParseException("/diff/change", c.line(), "unknown operation '" + op + "'");
      }
      OptionalInt pos = OptionalInt.empty();
      String p = c.attributeOrNull("position");
      if (p != null) {
        try {
          pos = OptionalInt.of(Integer.parseInt(p.trim()));
        } catch (NumberFormatException e) {
          throw new CibParseException("/diff/change", c.line(), "position '" + p + "' is not an integer");
        }
      }
      Optional<CibElement> content = o == Operation.CREATE && !c.children().isEmpty()
          ? Optional.of(c.children().get(0)) : Optional.empty();
      if (o == Operation.CREATE && content.isEmpty()) {
        throw new CibParseException("/diff/change", c.line(), "create at " + path + " has no content");
      }
      Optional<CibElement> result = o == Operation.MODIFY
          ? c.firstElement("change-result").flatMap(r -> r.elements().stream().findFirst())
          : Optional.empty();
      if (o == Operation.MODIFY && result.isEmpty()) {
        throw new CibParseException("/diff/change", c.line(), "modify of " + path + " has no change-result");
      }
      list.add(new Change(o, path, pos, content, result, c));
    }
    this.changes = List.copyOf(list);
  }

  private static CibVersion version(CibElement v) {
    try {
      return new CibVersion(Long.parseLong(v.attribute("admin_epoch", "0")),
          Long.parseLong(v.attribute("epoch", "0")), Long.parseLong(v.attribute("num_updates", "0")));
    } catch (IllegalArgumentException e) {
      throw new CibParseException("/diff/version/" + v.name(), v.line(), "bad version numbers");
    }
  }

  /**
   * Reads a patchset element.
   *
   * @param diff the {@code <diff format="2">} element
   * @return the patchset
   * @throws CibParseException if it is not a v2 patchset
   */
  public static Patchset of(CibElement diff) {
    if (!diff.name().equals("diff")) {
      throw new CibParseException("/" + diff.name(), diff.line(), "a patchset is a <diff>, not <" + diff.name() + ">");
    }
    if (!"2".equals(diff.attributeOrNull("format"))) {
      throw new CibParseException("/diff", diff.line(), "only format=\"2\" patchsets are supported (got "
          + diff.attribute("format", "none") + ")");
    }
    return new Patchset(diff);
  }

  /**
   * Reads a patchset from XML text.
   *
   * @param xml the text
   * @return the patchset
   * @throws CibParseException if it is not a v2 patchset
   */
  public static Patchset parse(String xml) {
    return of(CibXml.readElement(xml));
  }

  /**
   * The patchset that turns one CIB into another (versions as they are: bump them with
   * {@link Cib#withVersion} first if needed).
   *
   * @param from the old CIB
   * @param to the new CIB
   * @return the patchset (empty when the CIBs are equal)
   */
  public static Patchset between(Cib from, Cib to) {
    return between(from.root(), to.root());
  }

  /**
   * The patchset that turns one element tree into another with the same root.
   *
   * @param from the old root
   * @param to the new root
   * @return the patchset
   * @throws CibParseException if the roots differ in name or id
   */
  public static Patchset between(CibElement from, CibElement to) {
    return new Patchset(PatchDiffer.diff(from, to));
  }

  /** @return the {@code diff} element */
  public CibElement element() {
    return diff;
  }

  /** @return the source version, if the patchset has a version block */
  public Optional<CibVersion> sourceVersion() {
    return Optional.ofNullable(source);
  }

  /** @return the target version, if the patchset has a version block */
  public Optional<CibVersion> targetVersion() {
    return Optional.ofNullable(target);
  }

  /** @return the changes, in order */
  public List<Change> changes() {
    return changes;
  }

  /** @return whether there are no changes */
  public boolean isEmpty() {
    return changes.isEmpty();
  }

  /**
   * Applies the patchset to a CIB after checking versions as Pacemaker does: the CIB's version
   * must equal the source version and the target must be newer.
   *
   * @param cib the CIB
   * @return the new CIB
   * @throws CibVersionMismatchException if the versions do not fit
   * @throws CibParseException if a change cannot be applied
   */
  public Cib apply(Cib cib) {
    CibVersion current = cib.version();
    CibVersion s = source == null ? current : source;
    CibVersion t = target == null ? current.nextUpdate() : target;
    if (!current.equals(s)) {
      throw new CibVersionMismatchException(current, s, t, "the patch applies to version " + s
          + " but the CIB is at " + current + (current.compareTo(s) < 0 ? " (older: resync needed)" : " (newer: stale patch)"));
    }
    if (t.compareTo(s) <= 0) {
      throw new CibVersionMismatchException(current, s, t, "the patch does not raise the version ("
          + s + " to " + t + ")");
    }
    return Cib.of(applyTo(cib.root()));
  }

  /**
   * Applies the changes without any version check (as {@code crm_diff --patch} does without
   * {@code --cib}).
   *
   * @param root the document root
   * @return the new root
   * @throws CibParseException if a change cannot be applied
   */
  public CibElement applyTo(CibElement root) {
    return PatchApplier.apply(root, diff);
  }

  /** @return the patchset as indented XML */
  public String toXml() {
    return CibXml.write(diff, true);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Patchset p && p.diff.equals(diff);
  }

  @Override
  public int hashCode() {
    return diff.hashCode();
  }

  @Override
  public String toString() {
    return "Patchset{" + source + " -> " + target + ", " + changes.size() + " changes}";
  }
}
