/** Tick cost against operation size: wall time, Table requests and heap per tick at 10k to 1M devices (issue 16, item 5b). */
package dev.fleetops.bench.ticks;
