package io.ferrite.examples.fraud;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.ferrite.examples.fraud.BlockListUpdateCodec.BLOCK;
import static io.ferrite.examples.fraud.BlockListUpdateCodec.CARD;
import static io.ferrite.examples.fraud.BlockListUpdateCodec.MERCHANT;
import static io.ferrite.examples.fraud.BlockListUpdateCodec.UNBLOCK;
import static io.ferrite.examples.fraud.FraudHarness.Acknowledged;
import static io.ferrite.examples.fraud.FraudHarness.HOUR;
import static io.ferrite.examples.fraud.FraudHarness.LONDON_LAT;
import static io.ferrite.examples.fraud.FraudHarness.LONDON_LON;
import static io.ferrite.examples.fraud.FraudHarness.MINUTE;
import static io.ferrite.examples.fraud.FraudHarness.NEW_YORK_LAT;
import static io.ferrite.examples.fraud.FraudHarness.NEW_YORK_LON;
import static io.ferrite.examples.fraud.FraudHarness.Rejected;
import static io.ferrite.examples.fraud.FraudHarness.SECOND;
import static io.ferrite.examples.fraud.FraudHarness.Scored;
import static io.ferrite.examples.fraud.FraudHarness.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FraudScorerTest
{
    private static final long VICTIM = 4_000_000_000_000_001L;
    private static final long OTHER = 4_000_000_000_000_002L;
    private static final long SHOP = 100_001;
    private static final long OTHER_SHOP = 100_002;

    private final FraudHarness h = new FraudHarness();

    /**
     * Give {@link #VICTIM} a profile: three approved transactions of {@code amount}, {@code spacing} apart.
     */
    private void warmUp(final long amount, final long at, final long spacing)
    {
        for (int k = 0; k < FraudRule.WARM_UP_APPROVALS; k++)
        {
            assertEquals(Decision.APPROVE, h.scored(VICTIM, SHOP, amount, at + k * spacing).decision());
        }
    }

    @Test
    void shouldApproveAnOrdinaryTransaction()
    {
        assertEquals(new Scored(1, VICTIM, SHOP, 5_000, 0, 0, Decision.APPROVE), h.tx(VICTIM, SHOP, 5_000, T0));
        assertEquals(1, h.scorer.cardCount());
        assertEquals(1, h.scorer.merchantCount());
    }

    @Test
    void shouldFlagTheFourthTransactionWithinAMinute()
    {
        h.scored(VICTIM, SHOP, 1_000, T0);
        h.scored(VICTIM, SHOP, 1_000, T0 + 10 * SECOND);
        assertEquals(0, h.scored(VICTIM, SHOP, 1_000, T0 + 20 * SECOND).rules());

        final Scored fourth = h.scored(VICTIM, SHOP, 1_000, T0 + 30 * SECOND);

        assertEquals(FraudRule.VELOCITY_COUNT, fourth.rules());
        assertEquals(FraudRule.VELOCITY_COUNT_WEIGHT, fourth.score());
        assertEquals(Decision.REVIEW, fourth.decision());
    }

    @Test
    void shouldMeasureTheVelocityWindowOnEventTime()
    {
        h.scored(VICTIM, SHOP, 1_000, T0);
        h.scored(VICTIM, SHOP, 1_000, T0 + 10 * SECOND);
        h.scored(VICTIM, SHOP, 1_000, T0 + 20 * SECOND);

        // 75 s after the first: only two earlier transactions are inside the minute.
        assertEquals(0, h.scored(VICTIM, SHOP, 1_000, T0 + 75 * SECOND).rules());
    }

    @Test
    void shouldFlagAnHourlyAmountFarAboveTheProfile()
    {
        warmUp(10_000, T0, 10 * MINUTE);

        // 3 x 100.00 within the hour plus 790.00: 1,090.00 > 10 x 100.00, while 790.00 is below a spike (800.00).
        final Scored scored = h.scored(VICTIM, SHOP, 79_000, T0 + 30 * MINUTE);

        assertEquals(FraudRule.VELOCITY_AMOUNT, scored.rules());
        assertEquals(Decision.APPROVE, scored.decision(), "this rule alone does not act");
    }

    @Test
    void shouldFlagAnAmountSpikeOnACardWithAProfile()
    {
        warmUp(5_000, T0, 2 * HOUR);

        final Scored spike = h.scored(VICTIM, SHOP, 50_000, T0 + 7 * HOUR);
        final Scored normal = h.scored(VICTIM, SHOP, 12_000, T0 + 8 * HOUR);

        assertEquals(FraudRule.AMOUNT_SPIKE, spike.rules());
        assertEquals(Decision.REVIEW, spike.decision());
        assertEquals(0, normal.rules(), "the spike did not become part of the profile");
    }

    @Test
    void shouldFlagOnlyLargeAmountsOnACardWithoutAProfile()
    {
        assertEquals(0, h.scored(VICTIM, SHOP, 90_000, T0).rules());
        assertEquals(FraudRule.AMOUNT_SPIKE, h.scored(OTHER, SHOP, 150_000, T0 + SECOND).rules());
    }

    @Test
    void shouldFlagImpossibleTravel()
    {
        h.scored(VICTIM, SHOP, 5_000, LONDON_LAT, LONDON_LON, T0);

        // London to New York (about 5,570 km) in one hour.
        final Scored scored = h.scored(VICTIM, SHOP, 5_000, NEW_YORK_LAT, NEW_YORK_LON, T0 + HOUR);

        assertEquals(FraudRule.IMPOSSIBLE_TRAVEL, scored.rules());
        assertEquals(Decision.REVIEW, scored.decision());
    }

    @Test
    void shouldAcceptTravelAtAPlausibleSpeed()
    {
        h.scored(VICTIM, SHOP, 5_000, LONDON_LAT, LONDON_LON, T0);

        assertEquals(0, h.scored(VICTIM, SHOP, 5_000, NEW_YORK_LAT, NEW_YORK_LON, T0 + 8 * HOUR).rules());
    }

    @Test
    void shouldIgnoreShortJumpsHoweverFast()
    {
        h.scored(VICTIM, SHOP, 5_000, LONDON_LAT, LONDON_LON, T0);

        // About 300 km in one second: below the distance threshold.
        assertEquals(0, h.scored(VICTIM, SHOP, 5_000, LONDON_LAT + 2_700_000, LONDON_LON, T0 + SECOND).rules());
    }

    @Test
    void shouldNotLearnALocationFromATransactionThatWasNotApproved()
    {
        h.scored(VICTIM, SHOP, 5_000, LONDON_LAT, LONDON_LON, T0);
        h.scored(VICTIM, SHOP, 5_000, NEW_YORK_LAT, NEW_YORK_LON, T0 + HOUR);

        assertEquals(0, h.scored(VICTIM, SHOP, 5_000, LONDON_LAT, LONDON_LON, T0 + 2 * HOUR).rules());
    }

    @Test
    void shouldDeclineABlockedCardUntilItIsUnblocked()
    {
        assertEquals(new Acknowledged(VICTIM, CARD, BLOCK, true, 1), h.update(VICTIM, CARD, BLOCK, T0));

        assertEquals(new Scored(2, VICTIM, SHOP, 5_000, FraudRule.BLOCKED_WEIGHT, FraudRule.BLOCKED_CARD,
            Decision.DECLINE), h.tx(VICTIM, SHOP, 5_000, T0 + SECOND));
        assertEquals(0, h.scored(OTHER, SHOP, 5_000, T0 + 2 * SECOND).rules());

        assertEquals(new Acknowledged(VICTIM, CARD, UNBLOCK, true, 0), h.update(VICTIM, CARD, UNBLOCK, T0 + HOUR));
        assertEquals(Decision.APPROVE, h.scored(VICTIM, SHOP, 5_000, T0 + 2 * HOUR).decision());
    }

    @Test
    void shouldDeclineTransactionsAtABlockedMerchant()
    {
        h.update(SHOP, MERCHANT, BLOCK, T0);

        final Scored scored = h.scored(VICTIM, SHOP, 5_000, T0 + SECOND);

        assertEquals(FraudRule.BLOCKED_MERCHANT, scored.rules());
        assertEquals(Decision.DECLINE, scored.decision());
        assertEquals(0, h.scored(VICTIM, OTHER_SHOP, 5_000, T0 + HOUR).rules());
        assertTrue(h.scorer.isMerchantBlocked(SHOP));
    }

    @Test
    void shouldCapTheScore()
    {
        h.update(VICTIM, CARD, BLOCK, T0);
        h.update(SHOP, MERCHANT, BLOCK, T0);

        final Scored scored = h.scored(VICTIM, SHOP, 5_000, T0 + SECOND);

        assertEquals(FraudRule.BLOCKED_CARD | FraudRule.BLOCKED_MERCHANT, scored.rules());
        assertEquals(Decision.MAX_SCORE, scored.score());
    }

    @Test
    void shouldFlagAMerchantWhoseTransactionsAreOftenRefused()
    {
        h.update(VICTIM, CARD, BLOCK, T0);
        for (int k = 1; k <= 25; k++)
        {
            h.scored(VICTIM, SHOP, 5_000, T0 + k * HOUR);
        }

        final Scored scored = h.scored(OTHER, SHOP, 5_000, T0 + 26 * HOUR);

        assertEquals(FraudRule.RISKY_MERCHANT, scored.rules());
        assertEquals(FraudRule.RISKY_MERCHANT_WEIGHT, scored.score());
        assertEquals(Decision.APPROVE, scored.decision(), "this rule alone does not act");
    }

    @Test
    void shouldAcknowledgeAnUpdateThatChangesNothing()
    {
        h.update(VICTIM, CARD, BLOCK, T0);

        assertEquals(new Acknowledged(VICTIM, CARD, BLOCK, false, 1), h.update(VICTIM, CARD, BLOCK, T0));
        assertEquals(new Acknowledged(SHOP, MERCHANT, UNBLOCK, false, 0), h.update(SHOP, MERCHANT, UNBLOCK, T0));
    }

    @Test
    void shouldRejectABlockWhenTheListIsFull()
    {
        final FraudHarness small = new FraudHarness(new FraudScorer(16, 16, 2, HOUR));
        small.update(1, CARD, BLOCK, T0);
        small.update(2, CARD, BLOCK, T0);
        final long before = small.scorer.stateDigest();

        assertEquals(new Rejected(3, FraudEventType.BLOCK_LIST_UPDATE, BlockListUpdateCodec.LENGTH,
            FraudReason.BLOCK_LIST_FULL), small.update(3, CARD, BLOCK, T0));
        assertEquals(before, small.scorer.stateDigest());
        assertEquals(new Acknowledged(2, CARD, BLOCK, false, 2), small.update(2, CARD, BLOCK, T0),
            "re-blocking an entry already on a full list is not an error");
        assertEquals(new Acknowledged(3, MERCHANT, BLOCK, true, 1), small.update(3, MERCHANT, BLOCK, T0),
            "each kind has its own list");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "INVALID_ID,       0,  100001, 5000,           51507400,  -127800",
        "INVALID_ID,       7,  -1,     5000,           51507400,  -127800",
        "INVALID_AMOUNT,   7,  100001, 0,              51507400,  -127800",
        "INVALID_AMOUNT,   7,  100001, -5,             51507400,  -127800",
        "INVALID_AMOUNT,   7,  100001, 1000000000001,  51507400,  -127800",
        "INVALID_LOCATION, 7,  100001, 5000,           90000001,  -127800",
        "INVALID_LOCATION, 7,  100001, 5000,           -90000001, 0",
        "INVALID_LOCATION, 7,  100001, 5000,           0,         180000001",
        "INVALID_LOCATION, 7,  100001, 5000,           0,         -180000001",
    })
    void shouldRejectAnInvalidTransactionWithoutChangingState(
        final String reason, final long card, final long merchant, final long amount, final int lat, final int lon)
    {
        h.tx(VICTIM, SHOP, 5_000, T0);
        final long before = h.scorer.stateDigest();

        final Object output = h.tx(card, merchant, amount, lat, lon, T0 + 7 * HOUR);

        assertEquals(new Rejected(2, FraudEventType.TRANSACTION, TransactionCodec.LENGTH, reasonCode(reason)), output);
        assertEquals(before, h.scorer.stateDigest());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "INVALID_ID,          0, 1, 1",
        "INVALID_ENTITY_KIND, 9, 0, 1",
        "INVALID_ENTITY_KIND, 9, 3, 1",
        "INVALID_ACTION,      9, 1, 0",
        "INVALID_ACTION,      9, 2, 3",
    })
    void shouldRejectAnInvalidBlockListUpdate(final String reason, final long entity, final byte kind, final byte action)
    {
        final long before = h.scorer.stateDigest();

        assertEquals(new Rejected(entity, FraudEventType.BLOCK_LIST_UPDATE, BlockListUpdateCodec.LENGTH,
            reasonCode(reason)), h.update(entity, kind, action, T0));
        assertEquals(before, h.scorer.stateDigest());
    }

    @ParameterizedTest
    @CsvSource({"1, 47", "1, 49", "1, 0", "2, 15", "2, 17", "2, 4"})
    void shouldRejectAPayloadOfTheWrongLength(final int type, final int length)
    {
        h.tx(VICTIM, SHOP, 5_000, T0);
        final long before = h.scorer.stateDigest();
        h.input().putLong(FraudHarness.inputOffset(), 42, java.nio.ByteOrder.LITTLE_ENDIAN);

        assertEquals(new Rejected(length >= 8 ? 42 : 0, type, length, FraudReason.MALFORMED_PAYLOAD),
            h.send(type, length, T0 + 7 * HOUR));
        assertEquals(before, h.scorer.stateDigest());
    }

    @Test
    void shouldRejectAnUnknownEventType()
    {
        h.input().putLong(FraudHarness.inputOffset(), 42, java.nio.ByteOrder.LITTLE_ENDIAN);
        final long before = h.scorer.stateDigest();

        assertEquals(new Rejected(42, 55, 8, FraudReason.UNKNOWN_EVENT_TYPE), h.send(55, 8, T0));
        assertEquals(before, h.scorer.stateDigest());
    }

    @Test
    void shouldNeverTrackMoreCardsThanItsCapacity()
    {
        final FraudHarness small = new FraudHarness(new FraudScorer(100, 100, 4, 24 * HOUR));
        for (int k = 0; k < 1_000; k++)
        {
            small.scored(1 + k, SHOP, 5_000, T0 + k * SECOND);
            assertTrue(small.scorer.cardCount() <= 100);
        }

        assertEquals(100, small.scorer.cardCount());
        assertEquals(900, small.scorer.cardsEvicted());
        assertFalse(small.scorer.isTracked(1), "the least recently seen card went first");
        assertTrue(small.scorer.isTracked(1_000));
    }

    @Test
    void shouldEvictTheLeastRecentlySeenCardNotTheOldest()
    {
        final FraudHarness small = new FraudHarness(new FraudScorer(2, 16, 4, 24 * HOUR));
        small.scored(1, SHOP, 5_000, T0);
        small.scored(2, SHOP, 5_000, T0 + SECOND);
        small.scored(1, SHOP, 5_000, T0 + 2 * SECOND);

        small.scored(3, SHOP, 5_000, T0 + 3 * SECOND);

        assertTrue(small.scorer.isTracked(1));
        assertFalse(small.scorer.isTracked(2));
    }

    @Test
    void shouldForgetCardsIdleLongerThanTheTimeoutByEventTime()
    {
        final FraudHarness small = new FraudHarness(new FraudScorer(1_000, 1_000, 4, MINUTE));
        for (int k = 0; k < 50; k++)
        {
            small.scored(1 + k, SHOP, 5_000, T0 + k * SECOND);
        }
        assertEquals(50, small.scorer.cardCount());

        // Three minutes later: each input ages out at most 16 idle cards per table, oldest first.
        small.scored(1_001, SHOP, 5_000, T0 + 3 * MINUTE);
        assertEquals(50 - FraudScorer.MAX_EXPIRIES_PER_EVENT + 1, small.scorer.cardCount());
        small.scored(1_002, SHOP, 5_000, T0 + 3 * MINUTE);
        small.scored(1_003, SHOP, 5_000, T0 + 3 * MINUTE);
        small.scored(1_004, SHOP, 5_000, T0 + 3 * MINUTE);

        assertEquals(4, small.scorer.cardCount());
        assertEquals(50, small.scorer.cardsExpired());
        assertEquals(0, small.scorer.cardsEvicted());
    }

    @Test
    void shouldStartAReturningIdleCardWithoutItsProfile()
    {
        final FraudHarness small = new FraudHarness(new FraudScorer(1_000, 1_000, 4, HOUR));
        for (int k = 0; k < 3; k++)
        {
            small.scored(VICTIM, SHOP, 5_000, T0 + k * MINUTE);
        }
        assertTrue((small.scored(VICTIM, SHOP, 50_000, T0 + 5 * MINUTE).rules() & FraudRule.AMOUNT_SPIKE) != 0,
            "with its profile 500.00 is a spike");

        // Back after two idle hours: no profile, and 500.00 is below the cold threshold.
        assertEquals(0, small.scored(VICTIM, SHOP, 50_000, T0 + 3 * HOUR).rules());
    }

    @Test
    void shouldGiveEqualDigestsToEqualStatesReachedByDifferentPaths()
    {
        final FraudHarness other = new FraudHarness();
        h.tx(VICTIM, SHOP, 5_000, T0);
        h.update(OTHER, CARD, BLOCK, T0 + SECOND);
        h.update(OTHER, CARD, UNBLOCK, T0 + SECOND);
        other.tx(VICTIM, SHOP, 5_000, T0);

        assertEquals(other.scorer.stateDigest(), h.scorer.stateDigest());

        other.tx(VICTIM, SHOP, 5_000, T0 + MINUTE);
        assertNotEquals(other.scorer.stateDigest(), h.scorer.stateDigest());
    }

    @Test
    void shouldChangeTheDigestWhenOnlyTheRecencyOrderChanges()
    {
        final FraudHarness other = new FraudHarness();
        h.tx(VICTIM, SHOP, 5_000, T0);
        h.tx(OTHER, SHOP, 5_000, T0);
        other.tx(OTHER, SHOP, 5_000, T0);
        other.tx(VICTIM, SHOP, 5_000, T0);

        assertNotEquals(other.scorer.stateDigest(), h.scorer.stateDigest());
    }

    @Test
    void shouldRestoreTheSameStateFromASnapshot()
    {
        warmUp(5_000, T0, MINUTE);
        for (int k = 0; k < 12; k++)
        {
            h.tx(OTHER, SHOP + k, 1_000 + k, T0 + k * SECOND);
        }
        h.update(7, CARD, BLOCK, T0);
        h.update(9, MERCHANT, BLOCK, T0);
        final ExpandableArrayBuffer snapshot = new ExpandableArrayBuffer(64);
        final int length = h.scorer.writeSnapshot(snapshot);

        final FraudHarness restored = new FraudHarness();
        restored.scorer.loadSnapshot(snapshot, 0, length);
        restored.continueAfter(h);

        assertEquals(h.scorer.stateDigest(), restored.scorer.stateDigest());
        assertEquals(h.tx(VICTIM, SHOP, 50_000, T0 + HOUR), restored.tx(VICTIM, SHOP, 50_000, T0 + HOUR));
        assertEquals(h.tx(OTHER, 9, 1_000, T0 + HOUR), restored.tx(OTHER, 9, 1_000, T0 + HOUR));
        assertEquals(h.tx(7, SHOP, 1_000, T0 + HOUR), restored.tx(7, SHOP, 1_000, T0 + HOUR));
        assertEquals(h.scorer.stateDigest(), restored.scorer.stateDigest());
    }

    @Test
    void shouldRejectSnapshotsOfAnotherConfigurationOrTruncated()
    {
        h.tx(VICTIM, SHOP, 5_000, T0);
        final ExpandableArrayBuffer snapshot = new ExpandableArrayBuffer(64);
        final int length = h.scorer.writeSnapshot(snapshot);

        final IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
            () -> new FraudScorer(1024, 1024, 16, HOUR).loadSnapshot(snapshot, 0, length));
        assertTrue(other.getMessage().contains("idle timeout"), other.getMessage());

        final IllegalArgumentException truncated = assertThrows(IllegalArgumentException.class,
            () -> new FraudScorer(1024, 1024, 16, 6 * HOUR).loadSnapshot(snapshot, 0, length - 1));
        assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());

        final IllegalArgumentException trading = assertThrows(IllegalArgumentException.class,
            () -> new FraudScorer(1024, 1024, 16, 6 * HOUR).loadSnapshot(new ExpandableArrayBuffer(8), 0, 8));
        assertTrue(trading.getMessage().contains("not a fraud snapshot"), trading.getMessage());
    }

    @Test
    void shouldRefuseAnInvalidConfiguration()
    {
        assertThrows(IllegalArgumentException.class, () -> new FraudScorer(0, 10, 10, HOUR));
        assertThrows(IllegalArgumentException.class, () -> new FraudScorer(10, 0, 10, HOUR));
        assertThrows(IllegalArgumentException.class, () -> new FraudScorer(10, 10, 0, HOUR));
        assertThrows(IllegalArgumentException.class, () -> new FraudScorer(10, 10, 10, 0));
    }

    @Test
    void shouldComputeDistancesWithinAFewPercent()
    {
        assertEquals(5_570, Geo.distanceKm(LONDON_LAT, LONDON_LON, NEW_YORK_LAT, NEW_YORK_LON), 5_570 * 0.06);
        assertEquals(0, Geo.distanceKm(LONDON_LAT, LONDON_LON, LONDON_LAT, LONDON_LON), 1e-9);
        // Across the antimeridian: 179.5 E to 179.5 W on the equator is about 111 km, not 39,900.
        assertEquals(111, Geo.distanceKm(0, 179_500_000, 0, -179_500_000), 2);
        for (int degrees = -90; degrees <= 90; degrees++)
        {
            final double radians = Math.toRadians(degrees);
            assertEquals(StrictMath.cos(radians), Geo.cosOfLatitude(radians), 1e-9, "cos of latitude " + degrees);
        }
    }

    private static short reasonCode(final String name)
    {
        try
        {
            return FraudReason.class.getField(name).getShort(null);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new AssertionError("no reason " + name, ex);
        }
    }
}
