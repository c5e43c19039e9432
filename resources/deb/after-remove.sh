#!/bin/bash
# simhat .deb after-remove (postrm); electron-builder.yml deb.afterRemove points here.
# Same rule as after-install.sh: the only dollar-brace names are the two electron-builder substitutes
# (executable, sanitizedProductName); shell variables are written $NAME.
# Part 1: electron-builder's default after-remove (templates/linux/after-remove.tpl).
# Part 2: removes what after-install.sh put outside /opt: the /usr/bin launcher, the helper
# launcher, the polkit action, the udev rule, the systemd unit (stopped and disabled first). On
# "upgrade" they stay: the new package's after-install rewrites them, and removing them first
# would leave a window without the command, the helper or the daemon.
# SIMHAT_DESTDIR (tests only): as in after-install.sh.

D="$SIMHAT_DESTDIR"
case "$D" in
    '') ;;
    /*) D="$(printf '%s' "$D" | sed 's:/*$::')" ;;
    *) echo "simhat after-remove: SIMHAT_DESTDIR must be an absolute path" >&2; exit 1 ;;
esac

# ---- Part 1: electron-builder's default -----------------------------------------------------
# Versions before the /usr/bin launcher registered an alternative (a no-op otherwise).
if [ -z "$D" ] && type update-alternatives >/dev/null 2>&1; then
    update-alternatives --remove '${executable}' '/opt/${sanitizedProductName}/${executable}' >/dev/null 2>&1 || true
fi

APPARMOR_PROFILE_DEST='/etc/apparmor.d/${executable}'
if [ -z "$D" ] && [ -f "$APPARMOR_PROFILE_DEST" ]; then
  # Unload before deleting so the policy is not enforced until the next reboot (not in a chroot).
  if apparmor_status --enabled > /dev/null 2>&1; then
    if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      apparmor_parser --remove "$APPARMOR_PROFILE_DEST" || true
    fi
  fi
  rm -f "$APPARMOR_PROFILE_DEST"
fi

# ---- Part 2: simhat's privileged network helper ---------------------------------------------
case "$1" in
    upgrade) exit 0 ;;
esac

rm -f "$D/usr/bin/${executable}" "$D"/usr/bin/.${executable}.*
if [ -z "$D" ] && [ -d /run/systemd/system ]; then
    systemctl disable --now simhat.service >/dev/null 2>&1 || true
fi
rm -f "$D/usr/lib/systemd/system/simhat.service"
if [ -z "$D" ] && [ -d /run/systemd/system ]; then
    systemctl daemon-reload || true
fi
rm -f "$D/usr/lib/simhat/simhat-net-helper"
rm -f "$D"/usr/lib/simhat/.simhat-net-helper.*
rmdir "$D/usr/lib/simhat" 2>/dev/null || true
rm -f "$D/usr/share/polkit-1/actions/io.github.simhat.net-helper.policy"
rm -f "$D/etc/udev/rules.d/77-simhat-modem.rules"
# dhclient leases simhat kept for its own instances and the backups of config files it owns
# (/var/lib/simhat/backups, platform/net); config a user persisted with `simhat net up --persist`
# stays until `simhat net down --unpersist`.
if [ "$1" = "purge" ]; then
    rm -rf "$D/var/lib/simhat"
fi

if [ -z "$D" ] && hash udevadm 2>/dev/null; then
    udevadm control --reload || true
fi

exit 0
