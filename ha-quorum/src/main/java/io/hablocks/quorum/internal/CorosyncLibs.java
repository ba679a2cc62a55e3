package io.hablocks.quorum.internal;

import io.hablocks.api.membership.MembershipException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.Delegate;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.byref.IntByReference;
import jnr.ffi.byref.LongLongByReference;

/**
 * JNR-FFI views of corosync's client libraries (libquorum.so.5, libvotequorum.so.8, libcmap.so.4,
 * libcpg.so.4). Only ha-quorum's corosync binding uses them. Every function returns corosync's
 * {@code cs_error_t}: {@link #CS_OK} is 1, {@link #CS_ERR_TRY_AGAIN} is 6.
 *
 * <p>Structs passed by value in callbacks (ring ids: {@code {uint32 nodeid; uint64 seq}}) are
 * declared as two {@code long} arguments: on x86-64 (System V) such a 16-byte struct travels in two
 * integer registers, the first holding the node id in its low 32 bits.
 */
public final class CorosyncLibs {

  /** Success. */
  public static final int CS_OK = 1;
  /** Try again. */
  public static final int CS_ERR_TRY_AGAIN = 6;
  /** Dispatch one event. */
  public static final int CS_DISPATCH_ONE = 1;
  /** Dispatch all pending events. */
  public static final int CS_DISPATCH_ALL = 2;
  /** Report the current state. */
  public static final int CS_TRACK_CURRENT = 1;
  /** Report changes. */
  public static final int CS_TRACK_CHANGES = 2;

  private CorosyncLibs() {}

  /** quorum_notification_fn_t. */
  public interface QuorumNotify {
    /**
     * @param handle the handle
     * @param quorate 1 if quorate
     * @param ringId the ring sequence
     * @param entries the member count
     * @param viewList the member node ids (uint32)
     */
    @Delegate
    void call(long handle, int quorate, long ringId, int entries, Pointer viewList);
  }

  /** votequorum_nodelist_notification_fn_t, ring id by value as two registers. */
  public interface VotequorumNodelistNotify {
    /**
     * @param handle the handle
     * @param context the context
     * @param ringNodeId the ring id's node id (low 32 bits)
     * @param ringSeq the ring id's sequence
     * @param entries the member count
     * @param nodeList the member node ids
     */
    @Delegate
    void call(long handle, long context, long ringNodeId, long ringSeq, int entries,
        Pointer nodeList);
  }

  /** votequorum_quorum_notification_fn_t (node list of votequorum_node_t), ring id by value. */
  public interface VotequorumQuorumNotify {
    /**
     * @param handle the handle
     * @param context the context
     * @param quorate 1 if quorate
     * @param entries the node count
     * @param nodes votequorum_node_t[] {uint32 nodeid; uint32 state}
     */
    @Delegate
    void call(long handle, long context, int quorate, int entries, Pointer nodes);
  }

  /** libquorum. */
  public interface Quorum {
    int quorum_initialize(@Out LongLongByReference handle, @In Pointer callbacks,
        @Out IntByReference quorumType);

    int quorum_finalize(long handle);

    int quorum_getquorate(long handle, @Out IntByReference quorate);

    int quorum_trackstart(long handle, int flags);

    int quorum_trackstop(long handle);

    int quorum_dispatch(long handle, int type);

    int quorum_fd_get(long handle, @Out IntByReference fd);
  }

  /** libvotequorum. */
  public interface Votequorum {
    int votequorum_initialize(@Out LongLongByReference handle, @In Pointer callbacks);

    int votequorum_finalize(long handle);

    int votequorum_getinfo(long handle, int nodeid, Pointer info);

    int votequorum_trackstart(long handle, long context, int flags);

    int votequorum_trackstop(long handle);

    int votequorum_dispatch(long handle, int type);

    int votequorum_fd_get(long handle, @Out IntByReference fd);

    int votequorum_setexpected(long handle, int expected);

    int votequorum_setvotes(long handle, int nodeid, int votes);
  }

  /** libcmap. */
  public interface Cmap {
    int cmap_initialize(@Out LongLongByReference handle);

    int cmap_finalize(long handle);

    int cmap_get_uint32(long handle, String key, @Out IntByReference value);

    int cmap_get(long handle, String key, Pointer value, Pointer valueLen, Pointer type);
  }

  /** cpg_deliver_fn_t. */
  public interface CpgDeliver {
    /**
     * @param handle the handle
     * @param group the group name
     * @param nodeid the sender's node
     * @param pid the sender's process
     * @param msg the message
     * @param len its length (size_t)
     */
    @Delegate
    void call(long handle, Pointer group, int nodeid, int pid, Pointer msg, long len);
  }

  /** cpg_confchg_fn_t. */
  public interface CpgConfchg {
    /**
     * @param handle the handle
     * @param group the group name
     * @param members cpg_address[] {nodeid, pid, reason}
     * @param memberCount their number
     * @param left the processes that left
     * @param leftCount their number
     * @param joined the processes that joined
     * @param joinedCount their number
     */
    @Delegate
    void call(long handle, Pointer group, Pointer members, long memberCount, Pointer left,
        long leftCount, Pointer joined, long joinedCount);
  }

  /** cpg_totem_confchg_fn_t, ring id by value as two registers. */
  public interface CpgTotemConfchg {
    /**
     * @param handle the handle
     * @param ringNodeId the ring id's node id (low 32 bits)
     * @param ringSeq the ring id's sequence
     * @param entries the member count
     * @param members the member node ids
     */
    @Delegate
    void call(long handle, long ringNodeId, long ringSeq, int entries, Pointer members);
  }

  /** libcpg. */
  public interface Cpg {
    int cpg_model_initialize(@Out LongLongByReference handle, int model, @In Pointer modelData,
        Pointer context);

    int cpg_finalize(long handle);

    int cpg_fd_get(long handle, @Out IntByReference fd);

    int cpg_dispatch(long handle, int type);

    int cpg_join(long handle, @In Pointer group);

    int cpg_leave(long handle, @In Pointer group);

    int cpg_mcast_joined(long handle, int guarantee, @In Pointer iovec, int iovLen);

    int cpg_local_get(long handle, @Out IntByReference nodeid);
  }

  /** The bits of libc the dispatcher needs. */
  public interface LibC {
    int poll(Pointer fds, long nfds, int timeout);
  }

  /**
   * Loads a library by its soname from the usual places.
   *
   * @param <T> the interface
   * @param type the interface
   * @param soname such as {@code libquorum.so.5}
   * @return the bound library
   * @throws MembershipException naming the library if it cannot be found
   */
  public static <T> T load(Class<T> type, String soname) {
    for (String dir : List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib",
        "/lib/x86_64-linux-gnu")) {
      Path p = Path.of(dir, soname);
      if (Files.exists(p)) {
        return LibraryLoader.create(type).failImmediately().load(p.toString());
      }
    }
    throw new MembershipException("corosync engine: " + soname
        + " not found (Debian: apt-get install libquorum5 libvotequorum8 libcmap4 libcpg4)");
  }

  /**
   * Names a corosync error.
   *
   * @param call the function
   * @param rc its cs_error_t
   * @return an exception naming both
   */
  public static MembershipException error(String call, int rc) {
    return new MembershipException("corosync engine: " + call + " failed: " + csName(rc)
        + " (" + rc + ")");
  }

  private static String csName(int rc) {
    return switch (rc) {
      case 2 -> "CS_ERR_LIBRARY (is corosync running in this network namespace?)";
      case 3 -> "CS_ERR_VERSION";
      case 4 -> "CS_ERR_INIT";
      case 5 -> "CS_ERR_TIMEOUT";
      case 6 -> "CS_ERR_TRY_AGAIN";
      case 7 -> "CS_ERR_INVALID_PARAM";
      case 8 -> "CS_ERR_NO_MEMORY";
      case 9 -> "CS_ERR_BAD_HANDLE";
      case 11 -> "CS_ERR_ACCESS";
      case 12 -> "CS_ERR_NOT_EXIST";
      case 18 -> "CS_ERR_NO_RESOURCES";
      default -> "cs_error " + rc;
    };
  }
}
