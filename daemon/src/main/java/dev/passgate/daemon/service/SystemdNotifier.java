package dev.passgate.daemon.service;

import java.io.IOException;
import java.net.DatagramPacket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.tinylog.Logger;

/**
 * sd_notify over the datagram socket systemd names in {@code NOTIFY_SOCKET}: a file path, or an abstract socket
 * when the name starts with {@code @}. The JDK cannot send on a Unix datagram socket, so junixsocket does. Each
 * message is one datagram of newline-separated assignments. A failing socket is logged once, not on every tick.
 */
final class SystemdNotifier implements ServiceNotifier {
    private final String socketName;
    private volatile boolean failing;

    SystemdNotifier(String socketName) {
        this.socketName = socketName;
    }

    @Override
    public void notify(String... assignments) {
        byte[] message = String.join("\n", assignments).getBytes(StandardCharsets.UTF_8);
        try (AFUNIXDatagramSocket socket = AFUNIXDatagramSocket.newInstance()) {
            AFUNIXSocketAddress address = socketName.startsWith("@")
                    ? AFUNIXSocketAddress.inAbstractNamespace(socketName.substring(1))
                    : AFUNIXSocketAddress.of(Path.of(socketName));
            socket.connect(address);
            socket.send(new DatagramPacket(message, message.length));
            if (failing) {
                Logger.info("sd_notify to {} works again", socketName);
                failing = false;
            }
        } catch (IOException | RuntimeException e) {
            if (!failing) {
                Logger.warn("sd_notify to {} failed: {}", socketName, e.getMessage());
                failing = true;
            }
        }
    }
}
