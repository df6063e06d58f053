package dev.passgate.daemon.verify;

/**
 * The EU DCC encoding of a dose's place in a holder's vaccination history ({@code dn} / {@code sd}), for formats
 * that list every dose instead of encoding one (SMART Health Cards, a PG1 credential with several entries). The
 * encoding follows the Commission's announcement of 21 December 2021 (IP/21/6837), applied from 1 February 2022:
 * a primary series is {@code n/n} where {@code n} is the product's series length (1 for Janssen, 2 otherwise) or
 * 1 when the first dose followed a recovery; a booster after a two-dose series is {@code 3/3} (then {@code 4/4});
 * a booster after a single-dose series is {@code 2/1}. A dose is a booster when {@code dn > sd} or when
 * {@code dn} exceeds its own product's series length. Pure functions; nothing here reads dates.
 */
public final class DoseSeries {
    /** The EU product number of COVID-19 Vaccine Janssen, the single-dose product. */
    public static final String JANSSEN = "EU/1/20/1525";

    private DoseSeries() {
    }

    /** The number of doses a primary series of {@code product} has: 1 for Janssen, 2 for every other product. */
    public static int seriesLength(String product) {
        return JANSSEN.equals(product) ? 1 : 2;
    }

    /**
     * The {@code sd} of the dose at place {@code dn} (1-based) in a history whose first dose was
     * {@code firstProduct}; {@code recoveredBefore} when a recovery preceded the first dose.
     */
    public static int totalDoses(int dn, String firstProduct, boolean recoveredBefore) {
        int primary = recoveredBefore ? 1 : seriesLength(firstProduct);
        if (dn <= primary) {
            return primary;
        }
        return primary == 1 && dn == 2 ? 1 : dn;
    }

    /** Whether a dose encoded {@code dn/sd} of {@code product} is a booster. */
    public static boolean booster(String product, int dn, int sd) {
        return dn > sd || dn > seriesLength(product);
    }
}
