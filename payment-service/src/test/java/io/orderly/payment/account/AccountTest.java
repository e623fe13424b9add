package io.orderly.payment.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class AccountTest {

    private static Account anAccountWith(String balance) {
        return Account.open("c-1", new BigDecimal(balance));
    }

    @Test
    void aNewAccountHoldsNothing() {
        Account account = anAccountWith("100.00");

        assertThat(account.balance()).isEqualByComparingTo("100.00");
        assertThat(account.held()).isEqualTo(new BigDecimal("0.00"));
        assertThat(account.available()).isEqualByComparingTo("100.00");
    }

    @Test
    void holdTakesFromTheAvailableMoneyUpToTheLastCent() {
        Account account = anAccountWith("100.00");

        account.hold(new BigDecimal("60.00"));
        account.hold(new BigDecimal("40.00"));

        assertThat(account.held()).isEqualByComparingTo("100.00");
        assertThat(account.available()).isEqualByComparingTo("0.00");
    }

    @Test
    void holdOfMoreThanAvailableIsRefusedAndChangesNothing() {
        Account account = anAccountWith("100.00");
        account.hold(new BigDecimal("60.00"));

        assertThatThrownBy(() -> account.hold(new BigDecimal("40.01")))
                .isInstanceOf(InsufficientFundsException.class)
                .hasFieldOrPropertyWithValue("slug", "insufficient-funds");
        assertThat(account.held()).isEqualByComparingTo("60.00");
    }

    @Test
    void settlePaysOutFromBalanceAndHeld() {
        Account account = anAccountWith("100.00");
        account.hold(new BigDecimal("30.00"));

        account.settle(new BigDecimal("30.00"));

        assertThat(account.balance()).isEqualByComparingTo("70.00");
        assertThat(account.held()).isEqualByComparingTo("0.00");
    }

    @Test
    void releaseGivesTheHeldMoneyBack() {
        Account account = anAccountWith("100.00");
        account.hold(new BigDecimal("30.00"));

        account.release(new BigDecimal("30.00"));

        assertThat(account.balance()).isEqualByComparingTo("100.00");
        assertThat(account.available()).isEqualByComparingTo("100.00");
    }

    @Test
    void moneyThatWasNeverHeldCannotBeSettledOrReleased() {
        Account account = anAccountWith("100.00");

        assertThatThrownBy(() -> account.settle(new BigDecimal("1.00"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> account.release(new BigDecimal("1.00"))).isInstanceOf(IllegalStateException.class);
        assertThat(account.balance()).isEqualByComparingTo("100.00");
    }

    @Test
    void depositAddsToTheBalanceUpToWhatTheLedgerCanStore() {
        Account account = anAccountWith("100.00");

        account.deposit(new BigDecimal("10.50"));
        assertThat(account.balance()).isEqualByComparingTo("110.50");

        Account full = Account.open("c-2", Account.MAX_BALANCE.subtract(new BigDecimal("1.00")));
        assertThatThrownBy(() -> full.deposit(new BigDecimal("1.01")))
                .isInstanceOf(BalanceLimitExceededException.class);
        assertThat(full.balance()).isEqualByComparingTo(Account.MAX_BALANCE.subtract(new BigDecimal("1.00")));
    }

    @Test
    void amountsMustBePositive() {
        Account account = anAccountWith("100.00");

        assertThatThrownBy(() -> account.hold(BigDecimal.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> account.deposit(new BigDecimal("-1.00"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Account.open("c-3", new BigDecimal("-0.01")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
