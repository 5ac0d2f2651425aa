package io.ferrite.examples.fraud;

/**
 * Distances between coordinates in micro-degrees, by the equirectangular approximation: one cosine and one square
 * root, good to a few percent up to a few thousand kilometres, which is all a travel-speed threshold needs. It uses
 * only IEEE-exact operations (+, *, and the exactly rounded {@link Math#sqrt}) so that every JVM computes the same
 * bits, which replay determinism requires, and allocates nothing.
 */
final class Geo
{
    static final double EARTH_RADIUS_KM = 6371.0;
    private static final double RADIANS_PER_MICRO_DEGREE = Math.PI / 180.0 / 1_000_000.0;
    private static final int FULL_TURN_E6 = 360_000_000;
    private static final int HALF_TURN_E6 = 180_000_000;

    private Geo()
    {
    }

    static double distanceKm(final int latitude1, final int longitude1, final int latitude2, final int longitude2)
    {
        int deltaLongitude = longitude2 - longitude1;
        // Across the antimeridian the short way round is the other way.
        if (deltaLongitude > HALF_TURN_E6)
        {
            deltaLongitude -= FULL_TURN_E6;
        }
        else if (deltaLongitude < -HALF_TURN_E6)
        {
            deltaLongitude += FULL_TURN_E6;
        }
        final double meanLatitude = ((long)latitude1 + latitude2) * 0.5 * RADIANS_PER_MICRO_DEGREE;
        final double x = deltaLongitude * RADIANS_PER_MICRO_DEGREE * cosOfLatitude(meanLatitude);
        final double y = ((long)latitude2 - latitude1) * RADIANS_PER_MICRO_DEGREE;
        return EARTH_RADIUS_KM * Math.sqrt(x * x + y * y);
    }

    /**
     * The cosine of a latitude in radians ({@code |a| <= pi/2}), without allocating and identical on every JVM.
     * StrictMath would also be deterministic, but since JDK 21 it runs fdlibm ported to Java, which allocates a
     * {@code double[]} per call. Java's double arithmetic is strict IEEE 754 everywhere (JDK 17+), so this fixed
     * polynomial (Taylor series to x^16, Horner form, error below 1e-10 on [0, pi/2]) gives the same bits on any JVM.
     */
    static double cosOfLatitude(final double radians)
    {
        final double x2 = radians * radians;
        double sum = 1.0 / 20922789888000.0;   // 1/16!
        sum = 1.0 / 87178291200.0 - x2 * sum;  // 1/14!
        sum = 1.0 / 479001600.0 - x2 * sum;    // 1/12!
        sum = 1.0 / 3628800.0 - x2 * sum;      // 1/10!
        sum = 1.0 / 40320.0 - x2 * sum;        // 1/8!
        sum = 1.0 / 720.0 - x2 * sum;          // 1/6!
        sum = 1.0 / 24.0 - x2 * sum;           // 1/4!
        sum = 0.5 - x2 * sum;                  // 1/2!
        return 1.0 - x2 * sum;
    }
}
