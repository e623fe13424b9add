/** Web concerns shared by the payment service's features (request constraints). */
package io.orderly.payment.web;
