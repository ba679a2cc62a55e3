package io.hablocks.cib;

import io.hablocks.api.MembershipView;
import io.hablocks.api.Node;
import io.hablocks.api.NodeId;
import io.hablocks.api.Subscription;
import io.hablocks.api.membership.MembershipEngine;
import io.hablocks.api.membership.MembershipListener;
import io.hablocks.api.membership.Message;
import io.hablocks.cib.internal.ReplicaMessage;
import io.hablocks.cib.internal.ReplicaMessage.Type;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member's copy of the replicated CIB, kept equal on every member through a
 * {@link MembershipEngine}'s totally ordered broadcast, as Pacemaker's CIB manager keeps it:
 *
 * <ul>
 *   <li>The writer is the member with the lowest node id of the current view (Pacemaker's
 *       master CIB instance). An update from any member is broadcast as a request (a patchset
 *       against the member's version); the writer checks it (version, ACLs), bumps the version
 *       ({@code epoch} if the configuration changed, else {@code num_updates}) and broadcasts the
 *       versioned v2 patchset; every member applies it in the same order. An update is
 *       acknowledged (its stage completes) when its patchset has been applied on the member that
 *       asked, so every member of that view applies it too (virtual synchrony).</li>
 *   <li>After every view change the members announce their versions; the member with the newest
 *       CIB (by admin_epoch, epoch, num_updates; ties to the lowest node id) broadcasts it whole,
 *       so a joining node gets the full CIB and, after a partition heals, the newer CIB wins.</li>
 *   <li>With {@link Builder#expectedMembers}, updates are refused in a view without a majority
 *       of them, so a minority partition cannot write a CIB the majority will overwrite.</li>
 *   <li>Reads and writes on behalf of a user other than the superuser go through the CIB's
 *       ACLs ({@link CibAcl}).</li>
 * </ul>
 *
 * <p>Thread-safe; engine callbacks and API calls are serialized on this object. The engine is
 * started and closed by its owner.
 */
public final class CibReplica implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CibReplica.class);
  private static final int MAX_RETRIES = 8;

  private final MembershipEngine engine;
  private final CibStore store;
  private final int expectedMembers;
  private final Function<String, Set<String>> groupsOf;
  private final Subscription subscription;

  private Cib current;
  private Cib writerHead;
  private MembershipView view;
  private boolean synced;
  private final Map<Long, ReplicaMessage> announcements = new LinkedHashMap<>();
  private final List<ReplicaMessage> heldRequests = new ArrayList<>();
  private final Map<Long, Pending> pending = new HashMap<>();
  private long nextRequestId = 1;
  private boolean closed;

  private static final class Pending {
    final String user;
    final UnaryOperator<Cib> change;
    final CompletableFuture<Cib> future = new CompletableFuture<>();
    int attempts;
    boolean sent;

    Pending(String user, UnaryOperator<Cib> change) {
      this.user = user;
      this.change = change;
    }
  }

  private CibReplica(Builder b) {
    this.engine = b.engine;
    this.store = b.store;
    this.expectedMembers = b.expectedMembers;
    this.groupsOf = b.groupsOf;
    Cib start = b.initial;
    if (store != null && store.current().isPresent()
        && (start == null || store.current().get().version().compareTo(start.version()) >= 0)) {
      start = store.current().get();
    }
    this.current = start == null ? Cib.empty("pacemaker-3.9") : start;
    this.writerHead = current;
    this.view = engine.view();
    this.subscription = engine.addListener(new Listener());
  }

  /**
   * @param engine the membership engine (started and closed by its owner)
   * @return a builder
   */
  public static Builder builder(MembershipEngine engine) {
    return new Builder(engine);
  }

  /** @return the CIB as this member has it (superuser view) */
  public synchronized Cib current() {
    return current;
  }

  /**
   * The CIB as a user may read it.
   *
   * @param user the user ("" or root for the superuser)
   * @return the readable part, empty if the user may read nothing
   */
  public synchronized Optional<CibElement> read(String user) {
    return CibAcl.of(current, user, groupsOf.apply(user)).filterForRead(current.root());
  }

  /** @return whether this member is the writer of its view */
  public synchronized boolean isWriter() {
    return writer().map(w -> w.equals(engine.localNode().id())).orElse(false);
  }

  /** @return the writer of the current view */
  public synchronized Optional<NodeId> writer() {
    return view.members().isEmpty() ? Optional.empty() : Optional.of(view.members().first().id());
  }

  /** @return whether the CIB has been agreed on in the current view (updates flow) */
  public synchronized boolean isSynced() {
    return synced;
  }

  /**
   * Changes the CIB. The change function gets the current CIB and returns the wanted one (its
   * version is ignored: the writer sets it). It may be called again if another update came first.
   *
   * @param user the user ("" or root for the superuser); the CIB's ACLs apply to others
   * @param change the change
   * @return completes with the CIB that includes the change once it is applied here (and so on
   *     every member of the view); fails with {@link CibAccessDeniedException},
   *     {@link CibParseException} or {@link IllegalStateException} (no quorum, closed)
   */
  public CompletionStage<Cib> update(String user, UnaryOperator<Cib> change) {
    Objects.requireNonNull(change, "change");
    Pending p = new Pending(user == null ? "" : user, change);
    long id;
    synchronized (this) {
      if (closed) {
        p.future.completeExceptionally(new IllegalStateException("the CIB replica is closed"));
        return p.future;
      }
      id = nextRequestId++;
      pending.put(id, p);
      if (synced) {
        send(id, p);
      }
    }
    return p.future;
  }

  /** Must hold the lock. */
  private void send(long id, Pending p) {
    if (!hasQuorum()) {
      pending.remove(id);
      p.future.completeExceptionally(new IllegalStateException("no quorum: view " + view.id()
          + " has " + view.size() + " of " + expectedMembers + " expected members"));
      return;
    }
    Cib base = current;
    Cib wanted;
    try {
      wanted = p.change.apply(base);
      CibAcl.of(base, p.user, groupsOf.apply(p.user)).checkWrite(base, wanted);
    } catch (RuntimeException e) {
      pending.remove(id);
      p.future.completeExceptionally(e);
      return;
    }
    CibElement target = wanted.root().toBuilder()
        .attribute("admin_epoch", Long.toString(base.version().adminEpoch()))
        .attribute("epoch", Long.toString(base.version().epoch()))
        .attribute("num_updates", Long.toString(base.version().numUpdates())).build();
    Patchset patch = Patchset.between(base.root(), target);
    p.attempts++;
    p.sent = true;
    CibVersion v = base.version();
    broadcast(new ReplicaMessage(Type.REQUEST, id, engine.localNode().id().value(), v.adminEpoch(),
        v.epoch(), v.numUpdates(), p.user, patch.toXml()));
  }

  private boolean hasQuorum() {
    return expectedMembers <= 0 || view.size() * 2 > expectedMembers;
  }

  private void broadcast(ReplicaMessage m) {
    engine.broadcast(m.encode()).whenComplete((ok, err) -> {
      if (err != null) {
        LOG.warn("CIB replica on {}: broadcast of {} failed: {}", engine.localNode(), m.type(), err.toString());
      }
    });
  }

  /** Stops taking part; pending updates fail. The engine is not closed. */
  @Override
  public void close() {
    subscription.close();
    synchronized (this) {
      closed = true;
      for (Pending p : pending.values()) {
        p.future.completeExceptionally(new IllegalStateException("the CIB replica is closed"));
      }
      pending.clear();
    }
  }

  // ---- engine events -----------------------------------------------------------------------

  private final class Listener implements MembershipListener {
    @Override
    public void viewChanged(MembershipView v) {
      onView(v);
    }

    @Override
    public void delivered(Message message) {
      onMessage(message);
    }

    @Override
    public void stopped(MembershipView lastView) {
      close();
    }
  }

  private synchronized void onView(MembershipView v) {
    view = v;
    synced = false;
    announcements.clear();
    heldRequests.clear();
    writerHead = current;
    CibVersion ver = current.version();
    broadcast(new ReplicaMessage(Type.ANNOUNCE, v.id(), 0, ver.adminEpoch(), ver.epoch(),
        ver.numUpdates(), "", digest(current)));
  }

  private synchronized void onMessage(Message message) {
    if (!ReplicaMessage.isReplicaMessage(message.payload())) {
      return; // another service's message on a shared engine
    }
    ReplicaMessage m;
    try {
      m = ReplicaMessage.decode(message.payload());
    } catch (CibParseException e) {
      LOG.warn("CIB replica on {}: dropped a bad message from {}: {}", engine.localNode(),
          message.sender(), e.getMessage());
      return;
    }
    try {
      switch (m.type()) {
        case ANNOUNCE -> onAnnounce(message.sender(), m);
        case FULL -> onFull(m);
        case REQUEST -> onRequest(message.sender(), m);
        case PATCH -> onPatch(m);
        case REJECT -> onReject(m);
        default -> { }
      }
    } catch (CibParseException e) {
      LOG.warn("CIB replica on {}: cannot use {} from {}: {}", engine.localNode(), m.type(),
          message.sender(), e.getMessage());
    }
  }

  private void onAnnounce(NodeId sender, ReplicaMessage m) {
    if (m.requestId() != view.id() || synced) {
      return;
    }
    announcements.put(sender.value(), m);
    for (Node n : view.members()) {
      if (!announcements.containsKey(n.id().value())) {
        return;
      }
    }
    // everyone announced: the newest CIB wins (ties to the lowest node id)
    long best = -1;
    CibVersion bestVersion = null;
    boolean allSame = true;
    String firstDigest = null;
    for (Node n : view.members()) {
      ReplicaMessage a = announcements.get(n.id().value());
      CibVersion v = new CibVersion(a.adminEpoch(), a.epoch(), a.numUpdates());
      if (firstDigest == null) {
        firstDigest = a.text();
      } else if (!firstDigest.equals(a.text())) {
        allSame = false;
      }
      if (bestVersion == null || v.compareTo(bestVersion) > 0) {
        bestVersion = v;
        best = n.id().value();
      }
    }
    if (allSame) {
      markSynced();
    } else if (best == engine.localNode().id().value()) {
      broadcast(new ReplicaMessage(Type.FULL, view.id(), 0, bestVersion.adminEpoch(),
          bestVersion.epoch(), bestVersion.numUpdates(), "", CibXml.write(current.root(), false)));
    }
  }

  private void onFull(ReplicaMessage m) {
    if (m.requestId() != view.id() || synced) {
      return;
    }
    Cib full = Cib.of(CibXml.readElement(m.text()));
    if (!full.equals(current)) {
      LOG.info("CIB replica on {}: taking the newest CIB {} (had {})", engine.localNode(),
          full.version(), current.version());
      current = full;
      persist();
    }
    markSynced();
  }

  private void markSynced() {
    synced = true;
    writerHead = current;
    // requests delivered while syncing are handled now, in their delivery order
    List<ReplicaMessage> held = new ArrayList<>(heldRequests);
    heldRequests.clear();
    for (ReplicaMessage r : held) {
      handleRequest(r);
    }
    // our own updates not yet answered are (re)sent against the agreed CIB
    for (Map.Entry<Long, Pending> e : new ArrayList<>(pending.entrySet())) {
      send(e.getKey(), e.getValue());
    }
  }

  private void onRequest(NodeId sender, ReplicaMessage m) {
    if (!isWriterLocked()) {
      return;
    }
    if (!synced) {
      heldRequests.add(m);
      return;
    }
    handleRequest(m);
  }

  private boolean isWriterLocked() {
    return !view.members().isEmpty() && view.members().first().id().equals(engine.localNode().id());
  }

  private void handleRequest(ReplicaMessage m) {
    CibVersion base = new CibVersion(m.adminEpoch(), m.epoch(), m.numUpdates());
    if (!base.equals(writerHead.version())) {
      broadcast(new ReplicaMessage(Type.REJECT, m.requestId(), m.origin(), 0, 0, 0, "",
          "stale: the request was made against " + base + " but the CIB is at " + writerHead.version()));
      return;
    }
    if (!hasQuorum()) {
      broadcast(new ReplicaMessage(Type.REJECT, m.requestId(), m.origin(), 0, 0, 0, "",
          "no quorum"));
      return;
    }
    Cib next;
    try {
      Patchset request = Patchset.parse(m.text());
      next = Cib.of(request.applyTo(writerHead.root()));
      CibAcl.of(writerHead, m.user(), groupsOf.apply(m.user())).checkWrite(writerHead, next);
    } catch (CibParseException | CibAccessDeniedException e) {
      broadcast(new ReplicaMessage(Type.REJECT, m.requestId(), m.origin(), 0, 0, 0, "",
          "refused: " + e.getMessage()));
      return;
    }
    boolean config = !next.root().firstElement("configuration")
        .equals(writerHead.root().firstElement("configuration"));
    CibVersion v = config ? writerHead.version().nextEpoch() : writerHead.version().nextUpdate();
    next = next.withVersion(v);
    Patchset out = Patchset.between(writerHead, next);
    writerHead = next;
    broadcast(new ReplicaMessage(Type.PATCH, m.requestId(), m.origin(), v.adminEpoch(), v.epoch(),
        v.numUpdates(), m.user(), out.toXml()));
  }

  private void onPatch(ReplicaMessage m) {
    if (!synced) {
      return;
    }
    Patchset p = Patchset.parse(m.text());
    try {
      current = p.apply(current);
    } catch (CibVersionMismatchException e) {
      LOG.warn("CIB replica on {}: {}", engine.localNode(), e.getMessage());
      return;
    }
    persist();
    if (m.origin() == engine.localNode().id().value()) {
      Pending done = pending.remove(m.requestId());
      if (done != null) {
        done.future.complete(current);
      }
    }
  }

  private void onReject(ReplicaMessage m) {
    if (m.origin() != engine.localNode().id().value()) {
      return;
    }
    Pending p = pending.get(m.requestId());
    if (p == null) {
      return;
    }
    if (m.text().startsWith("stale") && p.attempts < MAX_RETRIES) {
      // another update came first: make the change again on the newer CIB once it is here
      p.sent = false;
      if (synced) {
        send(m.requestId(), p);
      }
      return;
    }
    pending.remove(m.requestId());
    String reason = m.text();
    p.future.completeExceptionally(reason.contains("may not")
        ? new CibAccessDeniedException(reason) : new IllegalStateException("the writer refused the update: " + reason));
  }

  private void persist() {
    if (store != null) {
      store.write(current);
    }
  }

  private static String digest(Cib cib) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(CibXml.write(cib.root(), false).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Builds a replica. */
  public static final class Builder {
    private final MembershipEngine engine;
    private Cib initial;
    private CibStore store;
    private int expectedMembers;
    private Function<String, Set<String>> groupsOf = u -> Set.of();

    private Builder(MembershipEngine engine) {
      this.engine = Objects.requireNonNull(engine, "engine");
    }

    /**
     * @param cib the CIB to start from when the store has nothing newer (default: empty)
     * @return this builder
     */
    public Builder initial(Cib cib) {
      this.initial = cib;
      return this;
    }

    /**
     * @param s the store every applied version is written to (and read from at start)
     * @return this builder
     */
    public Builder store(CibStore s) {
      this.store = s;
      return this;
    }

    /**
     * @param n the cluster size; updates need a view with more than half of it (0: no check)
     * @return this builder
     */
    public Builder expectedMembers(int n) {
      this.expectedMembers = n;
      return this;
    }

    /**
     * @param f the groups of a user, for {@code acl_group}
     * @return this builder
     */
    public Builder groups(Function<String, Set<String>> f) {
      this.groupsOf = Objects.requireNonNull(f, "groups");
      return this;
    }

    /** @return the replica, listening to the engine */
    public CibReplica build() {
      return new CibReplica(this);
    }
  }
}
