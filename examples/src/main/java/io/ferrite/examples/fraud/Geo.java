package io.ferrite.examples.fraud;

/**
 * Distances between coordinates in micro-degrees, by the equirectangular approximation: one cosine and one square
 * root, good to a few percent up to a few thousand kilometres, which is all a travel-speed threshold needs. It uses
 * {@link StrictMath} (and the exactly rounded {@link Math#sqrt}) so that every JVM computes the same bits, which
 * replay determinism requires.
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
        final double x = deltaLongitude * RADIANS_PER_MICRO_DEGREE * StrictMath.cos(meanLatitude);
        final double y = ((long)latitude2 - latitude1) * RADIANS_PER_MICRO_DEGREE;
        return EARTH_RADIUS_KM * Math.sqrt(x * x + y * y);
    }
}
