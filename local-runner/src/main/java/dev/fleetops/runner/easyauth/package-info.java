/** The runner's stand-in for App Service Authentication: local bearer tokens in, platform principal headers to the app. */
package dev.fleetops.runner.easyauth;
