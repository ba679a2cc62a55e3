package io.hablocks.hactl.demo;

import io.hablocks.api.MembershipView;
import io.hablocks.api.Node;
import io.hablocks.api.Subscription;
import io.hablocks.api.membership.MembershipEngine;
import io.hablocks.api.membership.MembershipListener;
import io.hablocks.api.membership.Message;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * One named channel on a shared {@link MembershipEngine}, as a corosync CPG group is one of many
 * on the same totem ring: broadcasts carry the channel's name as a prefix, and a channel delivers
 * only its own messages (prefix removed), in the engine's total order, with the engine's views.
 * Without it the CIB replica and the fencer of a node, on one engine, would each receive the
 * other's messages and drop them as malformed. The engine is owned (started, closed) by the
 * cluster; {@link #start} and {@link #close} here do nothing to it.
 *
 * <p>Each broadcast also carries an id unique in this JVM (every node of the demo lives in it),
 * and a channel delivers an id once: ha-quorum's in-JVM engine once delivered a broadcast made
 * inside a {@code viewChanged} callback twice (fixed since); the channel still drops and counts a
 * second copy ({@link #duplicates()}) as a guard.
 */
final class EngineChannel implements MembershipEngine {

  private static final AtomicLong NEXT_ID = new AtomicLong();
  private static final int REMEMBERED = 4096;

  private final MembershipEngine engine;
  private final byte[] prefix;
  private final AtomicLong duplicates = new AtomicLong();

  EngineChannel(MembershipEngine engine, String name) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.prefix = ("hactl-demo/" + name + "\n").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Node localNode() {
    return engine.localNode();
  }

  @Override
  public MembershipView view() {
    return engine.view();
  }

  @Override
  public Subscription addListener(MembershipListener listener) {
    Objects.requireNonNull(listener, "listener");
    Set<Long> seen = new LinkedHashSet<>();
    return engine.addListener(new MembershipListener() {
      @Override
      public void viewChanged(MembershipView view) {
        listener.viewChanged(view);
      }

      @Override
      public void delivered(Message message) {
        byte[] p = message.payload();
        if (p.length < prefix.length + Long.BYTES
            || !Arrays.equals(p, 0, prefix.length, prefix, 0, prefix.length)) {
          return;
        }
        long id = ByteBuffer.wrap(p, prefix.length, Long.BYTES).getLong();
        synchronized (seen) {
          if (!seen.add(id)) {
            duplicates.incrementAndGet();
            return;
          }
          if (seen.size() > REMEMBERED) {
            seen.remove(seen.iterator().next());
          }
        }
        listener.delivered(new Message(message.sender(), message.viewId(), message.sequence(),
            Arrays.copyOfRange(p, prefix.length + Long.BYTES, p.length)));
      }

      @Override
      public void stopped(MembershipView lastView) {
        listener.stopped(lastView);
      }
    });
  }

  @Override
  public void start() {
    // the cluster starts the engine
  }

  @Override
  public CompletionStage<Void> broadcast(byte[] payload) {
    ByteBuffer framed = ByteBuffer.allocate(prefix.length + Long.BYTES + payload.length);
    framed.put(prefix).putLong(NEXT_ID.incrementAndGet()).put(payload);
    return engine.broadcast(framed.array());
  }

  /** @return copies of a broadcast delivered again by the engine and dropped here */
  long duplicates() {
    return duplicates.get();
  }

  @Override
  public void close() {
    // the cluster closes the engine
  }
}
