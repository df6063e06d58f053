package dev.passgate.daemon.site;

import com.upokecenter.cbor.CBORObject;
import java.net.InetSocketAddress;
import java.security.PublicKey;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One configured peer as the site link sees it: where it sends from and to, its public key, the budget of messages
 * it may send ({@code rate} a second, bursts up to {@code rate}), the message numbers seen lately (so a replayed
 * datagram is refused) and its counters. The budget and the numbers belong to the receiving thread alone; the
 * counters are read by {@code status} from any thread.
 */
final class PeerState {
    /** How many recent message numbers are remembered; anything at or below the oldest forgotten is refused. */
    static final int RECENT = 4096;
    final String id;
    final InetSocketAddress address;
    final PublicKey key;
    final AtomicLong sent = new AtomicLong();
    final AtomicLong sendFailed = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong badSignature = new AtomicLong();
    final AtomicLong flooded = new AtomicLong();
    final AtomicLong stale = new AtomicLong();
    final AtomicLong replayed = new AtomicLong();
    final AtomicLong wrongSource = new AtomicLong();
    final AtomicLong wrongSite = new AtomicLong();
    private final double rate;
    private double tokens;
    private long refilledNanos;
    private final TreeSet<Long> recent = new TreeSet<>();
    private long floor = -1;

    PeerState(String id, InetSocketAddress address, PublicKey key, int rate, long nowNanos) {
        this.id = id;
        this.address = address;
        this.key = key;
        this.rate = rate;
        this.tokens = rate;
        this.refilledNanos = nowNanos;
    }

    /** Takes one message from the budget; false when the peer is over its rate. */
    boolean take(long nowNanos) {
        tokens = Math.min(rate, tokens + (nowNanos - refilledNanos) * rate / 1e9);
        refilledNanos = nowNanos;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    /** Whether message number {@code seq} would be refused as seen before, without recording it. */
    boolean seen(long seq) {
        return seq <= floor || recent.contains(seq);
    }

    /** Records message number {@code seq}; false when it was seen before or is older than every one remembered. */
    boolean firstTime(long seq) {
        if (seq <= floor || !recent.add(seq)) {
            return false;
        }
        if (recent.size() > RECENT) {
            floor = recent.pollFirst();
        }
        return true;
    }

    CBORObject toJson() {
        return CBORObject.NewOrderedMap().Add("address", address.getHostString() + ":" + address.getPort())
                .Add("sent", sent.get()).Add("sendFailed", sendFailed.get()).Add("accepted", accepted.get())
                .Add("badSignature", badSignature.get()).Add("flooded", flooded.get()).Add("stale", stale.get())
                .Add("replayed", replayed.get()).Add("wrongSource", wrongSource.get())
                .Add("wrongSite", wrongSite.get());
    }
}
