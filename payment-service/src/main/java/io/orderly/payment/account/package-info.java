/** Customer accounts: balances, deposits, and the money held for authorized payments. */
package io.orderly.payment.account;
