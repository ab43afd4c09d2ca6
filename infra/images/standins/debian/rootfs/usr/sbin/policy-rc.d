#!/bin/sh
# Installing a package inside an image must not start its service (postgres, redis, ...):
# exit status 101 tells invoke-rc.d "action forbidden", as in Debian's official images.
exit 101
