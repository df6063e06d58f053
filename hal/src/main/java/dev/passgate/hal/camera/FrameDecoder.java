package dev.passgate.hal.camera;

import dev.passgate.hal.Frame;
import java.util.Optional;

/**
 * Finds a code in one camera frame: the daemon's QR decoder, injected because {@code hal} does not know how codes
 * are decoded. "No code in this frame" is empty, the common and cheap case. The decoder reads the frame's buffer
 * only during the call and must not keep it.
 */
@FunctionalInterface
public interface FrameDecoder {
    Optional<String> decode(Frame frame);
}
