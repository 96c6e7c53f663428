/** The query language's one failure, thrown by every stage; the bottom of the query packages' dependency order. */
package dev.fleetops.localhub.query.errors;
