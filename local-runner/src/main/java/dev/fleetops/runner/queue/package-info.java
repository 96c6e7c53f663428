/** Queue triggers as the host's Azure Storage Queues extension 5.x runs them: polling, concurrency, poison queue. */
package dev.fleetops.runner.queue;
