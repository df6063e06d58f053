package dev.passgate.daemon.scan;

import boofcv.alg.fiducial.qrcode.QrCode;
import georegression.struct.point.Point2D_I32;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.Objects;
import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A compact form of BoofCV's table of where each data bit of a QR code lies, one list per version 1-40
 * ({@link QrCode#LOCATION_BITS}). BoofCV builds it when its {@code QrCode} class loads, as 441,561
 * {@link Point2D_I32} objects: 13 MB of heap that stay live for the life of the process, a fifth of the kiosk's
 * 64 MB heap (measured with a class histogram, docs/performance-camera.md). {@link #install} replaces each
 * version's list by a read-only view of the same points packed two bytes per point (coordinates are below 177,
 * the side of a version-40 code): 0.9 MB. BoofCV's reader only calls {@code size()} and {@code get(i)} on these
 * lists and reads {@code x} and {@code y}; {@code get} hands out a new point each time, so a caller that changes
 * one cannot change the table.
 *
 * <p>{@link #install} must run before any BoofCV QR reader is used ({@link BoofQr} calls it from its static
 * initializer, which the JVM runs once, before any instance exists) and is idempotent.
 */
final class BoofBitTable {
    private BoofBitTable() {
    }

    /** Replaces every version's bit list by its packed view; a list already packed is left as it is. */
    static synchronized void install() {
        List<Point2D_I32>[] table = QrCode.LOCATION_BITS;
        boolean packed = false;
        for (int version = 0; version < table.length; version++) {
            if (table[version] != null && !(table[version] instanceof Packed)) {
                table[version] = Packed.of(table[version]);
                packed = true;
            }
        }
        if (packed) {
            // The heap grew by the 13 MB of points just dropped, and the JVM keeps what it grew to until a full
            // collection finds it free: one now gives it back at start instead of leaving it resident for good
            // (with the launcher's -XX:-ShrinkHeapInSteps, in one step; docs/performance-camera.md).
            System.gc();
        }
    }

    /**
     * The points of one version, x and y one unsigned byte each. It must be an {@link ArrayList} (BoofCV's table
     * is an {@code ArrayList[]}), so it extends one that stays empty and answers every reading call from the packed
     * bytes; every call that would change it throws {@link UnsupportedOperationException}.
     */
    static final class Packed extends ArrayList<Point2D_I32> {
        private static final long serialVersionUID = 1L;
        private final byte[] xy;
        private final transient List<Point2D_I32> view = new AbstractList<>() {
            @Override
            public Point2D_I32 get(int index) {
                return Packed.this.get(index);
            }

            @Override
            public int size() {
                return Packed.this.size();
            }
        };

        private Packed(byte[] xy) {
            super(0);
            this.xy = xy;
        }

        static Packed of(List<Point2D_I32> points) {
            byte[] xy = new byte[points.size() * 2];
            for (int i = 0; i < points.size(); i++) {
                Point2D_I32 point = points.get(i);
                if (point.x < 0 || point.x > 255 || point.y < 0 || point.y > 255) {
                    throw new IllegalStateException("QR bit location out of range: expected 0..255, found "
                            + point.x + "," + point.y);
                }
                xy[2 * i] = (byte) point.x;
                xy[2 * i + 1] = (byte) point.y;
            }
            return new Packed(xy);
        }

        @Override
        public Point2D_I32 get(int index) {
            Objects.checkIndex(index, size());
            return new Point2D_I32(xy[2 * index] & 0xFF, xy[2 * index + 1] & 0xFF);
        }

        @Override
        public int size() {
            return xy.length / 2;
        }

        @Override
        public boolean isEmpty() {
            return xy.length == 0;
        }

        @Override
        public Iterator<Point2D_I32> iterator() {
            return view.iterator();
        }

        @Override
        public ListIterator<Point2D_I32> listIterator() {
            return view.listIterator();
        }

        @Override
        public ListIterator<Point2D_I32> listIterator(int index) {
            return view.listIterator(index);
        }

        @Override
        public List<Point2D_I32> subList(int from, int to) {
            return view.subList(from, to);
        }

        @Override
        public Spliterator<Point2D_I32> spliterator() {
            return view.spliterator();
        }

        @Override
        public Object[] toArray() {
            return view.toArray();
        }

        @Override
        public <T> T[] toArray(T[] into) {
            return view.toArray(into);
        }

        @Override
        public void forEach(Consumer<? super Point2D_I32> action) {
            view.forEach(action);
        }

        @Override
        public int indexOf(Object o) {
            return view.indexOf(o);
        }

        @Override
        public int lastIndexOf(Object o) {
            return view.lastIndexOf(o);
        }

        @Override
        public boolean contains(Object o) {
            return view.contains(o);
        }

        @Override
        public boolean equals(Object o) {
            return view.equals(o);
        }

        @Override
        public int hashCode() {
            return view.hashCode();
        }

        @Override
        public Object clone() {
            throw new UnsupportedOperationException("a packed QR bit table is not cloned");
        }

        @Override
        public boolean add(Point2D_I32 point) {
            throw readOnly();
        }

        @Override
        public void add(int index, Point2D_I32 point) {
            throw readOnly();
        }

        @Override
        public boolean addAll(Collection<? extends Point2D_I32> points) {
            throw readOnly();
        }

        @Override
        public boolean addAll(int index, Collection<? extends Point2D_I32> points) {
            throw readOnly();
        }

        @Override
        public Point2D_I32 set(int index, Point2D_I32 point) {
            throw readOnly();
        }

        @Override
        public Point2D_I32 remove(int index) {
            throw readOnly();
        }

        @Override
        public boolean remove(Object o) {
            throw readOnly();
        }

        @Override
        public boolean removeAll(Collection<?> points) {
            throw readOnly();
        }

        @Override
        public boolean retainAll(Collection<?> points) {
            throw readOnly();
        }

        @Override
        public boolean removeIf(Predicate<? super Point2D_I32> filter) {
            throw readOnly();
        }

        @Override
        public void replaceAll(UnaryOperator<Point2D_I32> operator) {
            throw readOnly();
        }

        @Override
        public void sort(Comparator<? super Point2D_I32> order) {
            throw readOnly();
        }

        @Override
        public void clear() {
            throw readOnly();
        }

        private static UnsupportedOperationException readOnly() {
            return new UnsupportedOperationException("the packed QR bit table is read-only");
        }
    }
}
