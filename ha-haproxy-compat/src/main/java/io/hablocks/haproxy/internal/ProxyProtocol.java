package io.hablocks.haproxy.internal;

import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import java.net.Inet6Address;
import java.net.InetSocketAddress;

/** Builds the PROXY protocol header sent to a server ({@code send-proxy}, {@code send-proxy-v2}). */
final class ProxyProtocol {

  private ProxyProtocol() {}

  static HAProxyMessage message(int version, InetSocketAddress src, InetSocketAddress dst) {
    boolean v6 = src.getAddress() instanceof Inet6Address;
    return new HAProxyMessage(version == 2 ? HAProxyProtocolVersion.V2 : HAProxyProtocolVersion.V1,
        HAProxyCommand.PROXY, v6 ? HAProxyProxiedProtocol.TCP6 : HAProxyProxiedProtocol.TCP4,
        src.getAddress().getHostAddress(), dst.getAddress().getHostAddress(), src.getPort(),
        dst.getPort());
  }
}
