package io.hablocks.cib;

import io.hablocks.cib.internal.ModelReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable Cluster Information Base: the {@code <cib>} element tree and the typed model read
 * from it ({@link #configuration()}, {@link #status()}). Every attribute and element, known to the
 * typed model or not, is kept in {@link #root()}, so writing a CIB back gives an equal document.
 *
 * <p>Read one with {@link CibXml#read(java.nio.file.Path)}; make a changed copy with
 * {@link #withRoot} or {@link #withVersion}. Equality is {@link CibElement} (XML) equality of the
 * roots.
 *
 * <pre>{@code
 * Cib cib = CibXml.read(Path.of("cib.xml"));
 * CibVersion v = cib.version();                 // admin_epoch.epoch.num_updates
 * for (Resource r : cib.configuration().resources()) {
 *   if (r instanceof Primitive p) { ... p.type() ... }
 * }
 * }</pre>
 */
public final class Cib {

  private final CibElement root;
  private final CibVersion version;
  private final Configuration configuration;
  private final Status status;

  private Cib(CibElement root) {
    this.root = root;
    this.version = readVersion(root);
    this.configuration = ModelReader.configuration(root);
    this.status = ModelReader.status(root);
  }

  /**
   * A CIB from its {@code <cib>} element; reads the typed model.
   *
   * @param root the {@code cib} element
   * @return the CIB
   * @throws CibParseException if the element is not a CIB or a typed value is unreadable
   */
  public static Cib of(CibElement root) {
    Objects.requireNonNull(root, "root");
    if (!root.name().equals("cib")) {
      throw new CibParseException("/" + root.name(), root.line(),
          "the root element is <" + root.name() + ">, not <cib>");
    }
    return new Cib(root);
  }

  /**
   * A new empty CIB as {@code cibadmin --empty} makes it: version 0.0.0, empty configuration
   * sections and status.
   *
   * @param validateWith the schema, e.g. "pacemaker-3.9"
   * @return the CIB
   */
  public static Cib empty(String validateWith) {
    CibElement conf = CibElement.builder("configuration")
        .child(CibElement.of("crm_config")).child(CibElement.of("nodes"))
        .child(CibElement.of("resources")).child(CibElement.of("constraints")).build();
    return of(CibElement.builder("cib").attribute("crm_feature_set", "3.16.2")
        .attribute("validate-with", validateWith).attribute("epoch", "0")
        .attribute("num_updates", "0").attribute("admin_epoch", "0")
        .child(conf).child(CibElement.of("status")).build());
  }

  private static CibVersion readVersion(CibElement root) {
    return new CibVersion(versionPart(root, "admin_epoch"), versionPart(root, "epoch"),
        versionPart(root, "num_updates"));
  }

  private static long versionPart(CibElement root, String attr) {
    String v = root.attributeOrNull(attr);
    if (v == null) {
      return 0;
    }
    try {
      long l = Long.parseLong(v.trim());
      if (l < 0) {
        throw new NumberFormatException();
      }
      return l;
    } catch (NumberFormatException e) {
      throw new CibParseException("/cib", root.line(), "attribute '" + attr + "' is '" + v
          + "', not a non-negative integer");
    }
  }

  /** @return the {@code <cib>} element with everything in it */
  public CibElement root() {
    return root;
  }

  /** @return (admin_epoch, epoch, num_updates); absent parts read as 0 */
  public CibVersion version() {
    return version;
  }

  /**
   * @param attribute an attribute of {@code <cib>}
   * @return its value
   */
  public Optional<String> attribute(String attribute) {
    return root.attribute(attribute);
  }

  /** @return the {@code validate-with} attribute (pacemaker-1.3 ... pacemaker-3.9, or none) */
  public Optional<String> validateWith() {
    return root.attribute("validate-with");
  }

  /** @return the {@code crm_feature_set} attribute */
  public Optional<String> crmFeatureSet() {
    return root.attribute("crm_feature_set");
  }

  /** @return whether {@code have-quorum} is true (false when absent) */
  public boolean haveQuorum() {
    return CibBooleans.isTrue(root.attributeOrNull("have-quorum"));
  }

  /** @return the {@code dc-uuid} attribute */
  public Optional<String> dcUuid() {
    return root.attribute("dc-uuid");
  }

  /**
   * The {@code execution-date} attribute: the "now" of a saved scheduler input.
   *
   * @return the instant (seconds since the epoch), if present
   * @throws CibParseException if present and not a number
   */
  public Optional<Instant> executionDate() {
    String v = root.attributeOrNull("execution-date");
    if (v == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.ofEpochSecond(Long.parseLong(v.trim())));
    } catch (NumberFormatException e) {
      throw new CibParseException("/cib", root.line(), "execution-date '" + v + "' is not seconds since the epoch");
    }
  }

  /** @return the typed configuration section */
  public Configuration configuration() {
    return configuration;
  }

  /** @return the typed status section */
  public Status status() {
    return status;
  }

  /**
   * A copy with another root element.
   *
   * @param newRoot the new {@code cib} element
   * @return the CIB
   */
  public Cib withRoot(CibElement newRoot) {
    return of(newRoot);
  }

  /**
   * A copy with another version (the three {@code cib} attributes set).
   *
   * @param v the version
   * @return the CIB
   */
  public Cib withVersion(CibVersion v) {
    return of(root.toBuilder().attribute("admin_epoch", Long.toString(v.adminEpoch()))
        .attribute("epoch", Long.toString(v.epoch()))
        .attribute("num_updates", Long.toString(v.numUpdates())).build());
  }

  // ---- lookups -------------------------------------------------------------------------------

  /**
   * A resource by id, at any depth (group members, clone children, bundle primitives).
   *
   * @param id the id
   * @return the resource
   */
  public Optional<Resource> resource(String id) {
    for (Resource r : configuration.resources()) {
      Optional<Resource> f = find(r, id);
      if (f.isPresent()) {
        return f;
      }
    }
    return Optional.empty();
  }

  private static Optional<Resource> find(Resource r, String id) {
    if (r.id().equals(id)) {
      return Optional.of(r);
    }
    if (r instanceof Group g) {
      for (Primitive p : g.members()) {
        if (p.id().equals(id)) {
          return Optional.of(p);
        }
      }
    } else if (r instanceof Clone c) {
      return find(c.child(), id);
    } else if (r instanceof Bundle b && b.primitive().isPresent()) {
      return find(b.primitive().get(), id);
    }
    return Optional.empty();
  }

  /** @return every resource at every depth, parents before children, in document order */
  public List<Resource> allResources() {
    List<Resource> out = new ArrayList<>();
    for (Resource r : configuration.resources()) {
      collect(r, out);
    }
    return out;
  }

  private static void collect(Resource r, List<Resource> out) {
    out.add(r);
    if (r instanceof Group g) {
      out.addAll(g.members());
    } else if (r instanceof Clone c) {
      collect(c.child(), out);
    } else if (r instanceof Bundle b) {
      b.primitive().ifPresent(out::add);
    }
  }

  /**
   * A template by id.
   *
   * @param id the id
   * @return the template
   */
  public Optional<ResourceTemplate> template(String id) {
    return configuration.templates().stream().filter(t -> t.id().equals(id)).findFirst();
  }

  /**
   * A primitive with its template applied, as Pacemaker's scheduler expands it: a copy of the
   * template (its attributes and children) renamed to the primitive's id (keeping the
   * primitive's {@code clone} attribute), then the primitive's own children appended; when both
   * have {@code operations}, the template's operations whose name and role (Started, Unpromoted
   * and none count alike) the primitive does not define are added to the primitive's. A primitive
   * without a template is returned as it is.
   *
   * @param p the primitive
   * @return the expanded primitive (its element is not part of this CIB)
   * @throws CibParseException if the template does not exist or is the primitive itself
   */
  public Primitive expandTemplate(Primitive p) {
    if (p.template().isEmpty()) {
      return p;
    }
    String ref = p.template().get();
    if (ref.equals(p.id())) {
      throw new CibParseException("//primitive[@id='" + p.id() + "']", p.element().line(),
          "the primitive refers to itself as its template");
    }
    ResourceTemplate t = template(ref).orElseThrow(() -> new CibParseException(
        "//primitive[@id='" + p.id() + "']", p.element().line(), "no template named '" + ref + "'"));
    CibElement.Builder b = t.element().toBuilder().clearChildren().attribute("id", p.id());
    p.element().attribute("clone").ifPresent(c -> b.attribute("clone", c));
    CibElement templateOps = t.element().firstElement("operations").orElse(null);
    CibElement rscOps = p.element().firstElement("operations").orElse(null);
    for (CibElement c : t.element().children()) {
      if (c == templateOps && rscOps != null) {
        continue;
      }
      b.child(c);
    }
    for (CibElement c : p.element().children()) {
      if (c == rscOps && templateOps != null) {
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (CibElement op : rscOps.elements()) {
          keys.add(templateOpKey(op));
        }
        CibElement.Builder ops = rscOps.toBuilder();
        for (CibElement op : templateOps.elements()) {
          if (!keys.contains(templateOpKey(op))) {
            ops.child(op);
          }
        }
        b.child(ops.build());
      } else {
        b.child(c);
      }
    }
    CibElement built = b.build();
    CibElement renamed = CibElement.builder("primitive").line(p.element().line())
        .children(built.children()).build();
    CibElement.Builder rb = renamed.toBuilder();
    for (int i = 0; i < built.attributeCount(); i++) {
      rb.attribute(built.attributeName(i), built.attributeValue(i));
    }
    return (Primitive) ModelReader.resource(rb.build(), "//primitive[@id='" + p.id() + "']");
  }

  private static String templateOpKey(CibElement op) {
    String role = op.attributeOrNull("role");
    if (role == null || role.equalsIgnoreCase("Started") || role.equalsIgnoreCase("Unpromoted")
        || role.equalsIgnoreCase("Slave")) {
      role = "Unknown";
    }
    return op.attribute("name", "") + "-" + role;
  }

  /**
   * The constraints that name a resource, directly, in a resource set, or through a tag or
   * template that contains it.
   *
   * @param resourceId the resource id
   * @return the constraints in document order
   */
  public List<Constraint> constraintsFor(String resourceId) {
    List<String> names = new ArrayList<>();
    names.add(resourceId);
    for (Tag t : configuration.tags()) {
      if (t.references().contains(resourceId)) {
        names.add(t.id());
      }
    }
    resource(resourceId).ifPresent(r -> {
      if (r instanceof Primitive p) {
        p.template().ifPresent(names::add);
      }
    });
    List<Constraint> out = new ArrayList<>();
    for (Constraint c : configuration.constraints()) {
      if (names(c).stream().anyMatch(names::contains)) {
        out.add(c);
      }
    }
    return out;
  }

  private static List<String> names(Constraint c) {
    List<String> n = new ArrayList<>();
    if (c instanceof LocationConstraint l) {
      l.rsc().ifPresent(n::add);
    } else if (c instanceof ColocationConstraint l) {
      l.rsc().ifPresent(n::add);
      l.withRsc().ifPresent(n::add);
    } else if (c instanceof OrderConstraint o) {
      o.first().ifPresent(n::add);
      o.then().ifPresent(n::add);
    } else if (c instanceof TicketConstraint t) {
      t.rsc().ifPresent(n::add);
    }
    for (ResourceSet s : c.resourceSets()) {
      n.addAll(s.resourceRefs());
    }
    return n;
  }

  /**
   * A configured node by name ({@code uname}).
   *
   * @param uname the node name
   * @return the node
   */
  public Optional<ClusterNode> node(String uname) {
    return configuration.nodes().stream().filter(n -> n.uname().equals(uname)).findFirst();
  }

  /**
   * The status entry of a node by name ({@code uname}).
   *
   * @param uname the node name
   * @return its {@code node_state}
   */
  public Optional<NodeState> nodeState(String uname) {
    return status.nodeStates().stream().filter(n -> n.uname().orElse("").equals(uname)).findFirst();
  }

  /**
   * The rule a rule stands for: itself, or the rule its {@code id-ref} names.
   *
   * @param rule the rule
   * @return the resolved rule
   * @throws CibParseException if the reference names no rule
   */
  public Rule resolveRule(Rule rule) {
    if (rule.idRef().isEmpty()) {
      return rule;
    }
    String ref = rule.idRef().get();
    CibElement target = root.findById(ref).filter(e -> e.name().equals("rule")).orElseThrow(
        () -> new CibParseException(null, rule.element().line(), "rule id-ref '" + ref + "' names no rule"));
    return ModelReader.rule(target, "//rule[@id='" + ref + "']");
  }

  /**
   * The set an nvpair set stands for: itself, or the set its {@code id-ref} names.
   *
   * @param set the set
   * @return the resolved set
   * @throws CibParseException if the reference names no set of the same kind
   */
  public NvSet resolveSet(NvSet set) {
    if (set.idRef().isEmpty()) {
      return set;
    }
    String ref = set.idRef().get();
    CibElement target = root.findById(ref).filter(e -> e.name().equals(set.kind())).orElseThrow(
        () -> new CibParseException(null, set.element().line(), set.kind() + " id-ref '" + ref
            + "' names no " + set.kind()));
    return ModelReader.nvset(target, "//" + set.kind() + "[@id='" + ref + "']");
  }

  /**
   * The nvpair an nvpair stands for: itself, or the nvpair its {@code id-ref} names.
   *
   * @param pair the nvpair
   * @return the resolved nvpair
   * @throws CibParseException if the reference names no nvpair
   */
  public NvPair resolvePair(NvPair pair) {
    if (pair.idRef().isEmpty()) {
      return pair;
    }
    String ref = pair.idRef().get();
    CibElement t = root.findById(ref).filter(e -> e.name().equals("nvpair")).orElseThrow(
        () -> new CibParseException(null, pair.element().line(), "nvpair id-ref '" + ref + "' names no nvpair"));
    return new NvPair(t.attribute("id"), t.attribute("id-ref"), t.attribute("name", ""), t.attribute("value"), t);
  }

  // ---- typed queries with rules evaluated ---------------------------------------------------

  /**
   * The cluster properties in effect at a time: {@code crm_config} sets unpacked as Pacemaker
   * does, {@code cib-bootstrap-options} first.
   *
   * @param now the time rules are evaluated at
   * @return property name to value (defaults of unset properties are not filled in)
   */
  public Map<String, String> clusterProperties(Instant now) {
    return RuleEvaluator.builder(now).cib(this).build()
        .unpack(configuration.crmConfig(), "cib-bootstrap-options");
  }

  /**
   * A node's attributes as rules see them: {@code #uname}, {@code #id}, {@code #kind}
   * (cluster or remote), {@code #is_dc}, then its configured {@code instance_attributes}, then
   * its transient attributes from the status section (which override), as Pacemaker builds them.
   *
   * @param uname the node name
   * @param now the time rules are evaluated at
   * @return name to value; empty if the node is neither configured nor in the status
   */
  public Map<String, String> nodeAttributes(String uname, Instant now) {
    Map<String, String> out = new LinkedHashMap<>();
    Optional<ClusterNode> n = node(uname);
    Optional<NodeState> st = nodeState(uname);
    if (n.isEmpty() && st.isEmpty()) {
      return out;
    }
    String id = n.map(ClusterNode::id).orElseGet(() -> st.get().id().orElse(uname));
    out.put("#uname", uname);
    out.put("#id", id);
    String type = n.flatMap(ClusterNode::type).orElse("member");
    out.put("#kind", type.equals("remote") ? "remote" : "cluster");
    out.put("#is_dc", Boolean.toString(dcUuid().map(id::equals).orElse(false)));
    RuleEvaluator ev = RuleEvaluator.builder(now).cib(this).build();
    n.ifPresent(node -> ev.unpackInto(node.instanceAttributes(), out, false, null));
    st.ifPresent(s -> ev.unpackInto(s.transientAttributes(), out, true, null));
    return out;
  }

  /**
   * A resource's meta attributes in effect, as Pacemaker computes them: the resource element's
   * own XML attributes, then its {@code meta_attributes} (rules evaluated at {@code now}), then
   * those of its template, then what its parent (group, clone, bundle) has in effect, then
   * {@code rsc_defaults} (with {@code rsc_expression}s matched against its agent). The first
   * value of a name wins.
   *
   * @param resourceId the resource id (at any depth)
   * @param now the time rules are evaluated at
   * @return name to value
   * @throws CibParseException if no resource has that id
   */
  public Map<String, String> effectiveMeta(String resourceId, Instant now) {
    Resource r = resource(resourceId).orElseThrow(() -> new CibParseException(
        "/cib/configuration/resources", -1, "no resource '" + resourceId + "'"));
    Map<String, String> out = new LinkedHashMap<>();
    RuleEvaluator.Builder b = RuleEvaluator.builder(now).cib(this);
    if (r instanceof Primitive p) {
      Optional<ResourceTemplate> t = p.template().flatMap(this::template);
      b.resource(p.resourceClass().or(() -> t.flatMap(ResourceTemplate::resourceClass)).orElse(null),
          p.provider().or(() -> t.flatMap(ResourceTemplate::provider)).orElse(null),
          p.type().or(() -> t.flatMap(ResourceTemplate::type)).orElse(null));
    }
    RuleEvaluator ev = b.build();
    CibElement e = r.element();
    for (int i = 0; i < e.attributeCount(); i++) {
      out.putIfAbsent(e.attributeName(i), e.attributeValue(i));
    }
    ev.unpackInto(r.metaAttributes(), out, false, null);
    if (r instanceof Primitive p) {
      p.template().flatMap(this::template).ifPresent(t -> ev.unpackInto(t.metaAttributes(), out, false, null));
    }
    parentOf(resourceId).ifPresent(parent -> {
      for (Map.Entry<String, String> en : effectiveMeta(parent.id(), now).entrySet()) {
        out.putIfAbsent(en.getKey(), en.getValue());
      }
    });
    ev.unpackInto(configuration.rscDefaults(), out, false, null);
    return out;
  }

  /**
   * An operation's meta attributes in effect, as Pacemaker computes them: the op element's own
   * attributes, its {@code meta_attributes}, then {@code op_defaults} (with {@code op_expression}s
   * matched against the operation's name and interval, {@code rsc_expression}s against the
   * resource's agent). The first value of a name wins.
   *
   * @param resourceId the primitive's id
   * @param op one of its operations
   * @param now the time rules are evaluated at
   * @return name to value
   */
  public Map<String, String> effectiveOpMeta(String resourceId, Operation op, Instant now) {
    Map<String, String> out = new LinkedHashMap<>();
    RuleEvaluator.Builder b = RuleEvaluator.builder(now).cib(this)
        .operation(op.name(), op.interval());
    resource(resourceId).ifPresent(r -> {
      if (r instanceof Primitive p) {
        Optional<ResourceTemplate> t = p.template().flatMap(this::template);
        b.resource(p.resourceClass().or(() -> t.flatMap(ResourceTemplate::resourceClass)).orElse(null),
            p.provider().or(() -> t.flatMap(ResourceTemplate::provider)).orElse(null),
            p.type().or(() -> t.flatMap(ResourceTemplate::type)).orElse(null));
      }
    });
    RuleEvaluator ev = b.build();
    CibElement e = op.element();
    for (int i = 0; i < e.attributeCount(); i++) {
      out.putIfAbsent(e.attributeName(i), e.attributeValue(i));
    }
    ev.unpackInto(op.metaAttributes(), out, false, null);
    ev.unpackInto(configuration.opDefaults(), out, false, null);
    return out;
  }

  /**
   * The resource that contains another (a group, clone or bundle).
   *
   * @param resourceId the child's id
   * @return the parent, empty for a top-level resource
   */
  public Optional<Resource> parentOf(String resourceId) {
    for (Resource r : allResources()) {
      if (r instanceof Group g && g.members().stream().anyMatch(m -> m.id().equals(resourceId))) {
        return Optional.of(r);
      } else if (r instanceof Clone c && c.child().id().equals(resourceId)) {
        return Optional.of(r);
      } else if (r instanceof Bundle bu && bu.primitive().map(Primitive::id).orElse("").equals(resourceId)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cib c && c.root.equals(root);
  }

  @Override
  public int hashCode() {
    return root.hashCode();
  }

  /** @return the version and the number of resources, for logs */
  @Override
  public String toString() {
    return "Cib{" + version + ", " + configuration.resources().size() + " resources, "
        + status.nodeStates().size() + " node states}";
  }
}
