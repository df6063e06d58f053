package dev.passgate.daemon.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import boofcv.alg.fiducial.qrcode.QrCode;
import boofcv.alg.fiducial.qrcode.QrCodeCodeWordLocations;
import georegression.struct.point.Point2D_I32;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoofBitTableTest {
    @Test
    void packedTableHoldsTheSamePointsAsBoofCvComputesForEveryVersion() {
        BoofBitTable.install();
        int points = 0;
        for (int version = 1; version <= 40; version++) {
            List<Point2D_I32> expected = QrCodeCodeWordLocations.qrcode(version).bits;
            List<Point2D_I32> packed = QrCode.LOCATION_BITS[version];
            assertInstanceOf(BoofBitTable.Packed.class, packed);
            assertEquals(expected.size(), packed.size(), "version " + version);
            for (int i = 0; i < expected.size(); i++) {
                Point2D_I32 point = packed.get(i);
                assertEquals(expected.get(i).x, point.x, "version " + version + " bit " + i);
                assertEquals(expected.get(i).y, point.y, "version " + version + " bit " + i);
            }
            assertEquals(new ArrayList<>(expected), new ArrayList<>(packed), "iteration, version " + version);
            points += packed.size();
        }
        assertEquals(441_561, points, "the points BoofCV's table held as objects");
    }

    @Test
    void installingTwiceKeepsThePackedLists() {
        BoofBitTable.install();
        List<Point2D_I32> first = QrCode.LOCATION_BITS[16];
        BoofBitTable.install();
        assertEquals(System.identityHashCode(first), System.identityHashCode(QrCode.LOCATION_BITS[16]));
    }

    @Test
    void packedListIsReadOnlyAndHandsOutCopies() {
        BoofBitTable.install();
        List<Point2D_I32> bits = QrCode.LOCATION_BITS[1];
        Point2D_I32 first = bits.get(0);
        first.x += 1000;
        assertEquals(first.x - 1000, bits.get(0).x);
        assertThrows(UnsupportedOperationException.class, () -> bits.add(new Point2D_I32(1, 1)));
        assertThrows(UnsupportedOperationException.class, () -> bits.set(0, new Point2D_I32(1, 1)));
        assertThrows(UnsupportedOperationException.class, bits::clear);
        assertThrows(IndexOutOfBoundsException.class, () -> bits.get(bits.size()));
    }
}
