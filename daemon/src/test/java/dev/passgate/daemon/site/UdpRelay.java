package dev.passgate.daemon.site;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A cuttable UDP link between two kiosks, a and b, on loopback: b knows a at {@code hostA:port} and a knows b at
 * {@code hostB:port}, both sockets of this relay, which forwards what each receives to the other kiosk's real
 * address from the socket that kiosk knows as its peer, so source addresses stay what the configurations say.
 * {@link #cut} drops everything from then on and counts it, as a pulled cable or a firewall rule would.
 */
final class UdpRelay implements AutoCloseable {
    private final DatagramSocket asA;
    private final DatagramSocket asB;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean cut;

    private UdpRelay(DatagramSocket asA, DatagramSocket asB) {
        this.asA = asA;
        this.asB = asB;
    }

    static UdpRelay open(String hostA, String hostB) throws SocketException {
        return new UdpRelay(new DatagramSocket(new InetSocketAddress(hostA, 0)),
                new DatagramSocket(new InetSocketAddress(hostB, 0)));
    }

    /** Starts forwarding: what a sends to b's stand-in goes to b's real address, and back. */
    void forward(String hostB, int portB, String hostA, int portA) {
        start(asB, asA, new InetSocketAddress(hostB, portB), "relay-to-b");
        start(asA, asB, new InetSocketAddress(hostA, portA), "relay-to-a");
    }

    /** How a's configuration names b. */
    String addressForA() {
        return asB.getLocalAddress().getHostAddress() + ":" + asB.getLocalPort();
    }

    /** How b's configuration names a. */
    String addressForB() {
        return asA.getLocalAddress().getHostAddress() + ":" + asA.getLocalPort();
    }

    /** Sends a datagram from a's stand-in, as a forger on a's address would. */
    void sendAsA(DatagramPacket packet) throws IOException {
        asA.send(packet);
    }

    void cut() {
        cut = true;
    }

    long dropped() {
        return dropped.get();
    }

    private void start(DatagramSocket in, DatagramSocket out, InetSocketAddress to, String name) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[2048];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            while (!in.isClosed()) {
                try {
                    packet.setLength(buffer.length);
                    in.receive(packet);
                    if (cut) {
                        dropped.incrementAndGet();
                    } else {
                        out.send(new DatagramPacket(buffer, packet.getLength(), to));
                    }
                } catch (IOException e) {
                    return;
                }
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        asA.close();
        asB.close();
    }
}
