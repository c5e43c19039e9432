#!/bin/bash
# simhat .deb after-install (postinst); electron-builder.yml deb.afterInstall points here.
# electron-builder substitutes ${executable} and ${sanitizedProductName} when it packs this file
# (app-builder-lib FpmTarget writeConfigFile) and fails on any other dollar-brace name: shell variables
# below are therefore written $NAME, never with braces.
#
# Part 1 is electron-builder's default after-install (templates/linux/after-install.tpl), kept
# except the /usr/bin link: chrome-sandbox mode, MIME/desktop databases, AppArmor profile.
# /usr/bin/simhat is a launcher instead of a link to the Electron binary (issue 11): `simhat`
# alone opens the desktop app, `simhat <command>` runs the CLI with the app's runtime in Node mode.
# Part 2 installs the privileged network helper (issue 4, sim7600.md §5): the launcher at the
# fixed path the polkit action's exec.path names, the polkit action, and the udev rule; and the
# systemd unit of `simhat daemon` (issue 11), disabled until the user enables it.
#
# SIMHAT_DESTDIR (tests only): install under this absolute prefix instead of /; the system-wide
# steps (alternatives, MIME/desktop databases, AppArmor, udev reload) are then skipped.

D="$SIMHAT_DESTDIR"
case "$D" in
    '') ;;
    /*) D="$(printf '%s' "$D" | sed 's:/*$::')" ;;
    *) echo "simhat after-install: SIMHAT_DESTDIR must be an absolute path" >&2; exit 1 ;;
esac

APP_DIR='/opt/${sanitizedProductName}'
APP_BIN='/opt/${sanitizedProductName}/${executable}'

fail() {
    echo "simhat after-install: $1" >&2
    exit 1
}

# ---- Part 1: electron-builder's default, with the launcher for /usr/bin --------------------
# Versions before the launcher linked /usr/bin/simhat to the binary through update-alternatives:
# drop that link group first (a no-op on a fresh install).
if [ -z "$D" ] && type update-alternatives >/dev/null 2>&1; then
    update-alternatives --remove '${executable}' "$APP_BIN" >/dev/null 2>&1 || true
fi
if [ -L "$D/usr/bin/${executable}" ]; then
    rm -f "$D/usr/bin/${executable}"
fi
install -d -m 0755 "$D/usr/bin" || fail "cannot create $D/usr/bin"
# The CLI runs from plain files (electron-builder.yml asar: false): Node's ES module loader does
# not read inside an asar archive. Written beside and renamed into place.
TMP_LAUNCHER="$(mktemp "$D/usr/bin/.${executable}.XXXXXX")" || fail "cannot write in $D/usr/bin"
cat > "$TMP_LAUNCHER" <<'LAUNCHER'
#!/bin/sh
# simhat launcher (installed by the simhat package). `simhat` alone, or with options only (such
# as --demo seed), opens the desktop app; `simhat <command>` (and --help, --version) runs the
# command-line interface with the app's own runtime in Node mode: no desktop needed (a headless
# Pi, the systemd unit's `simhat daemon`).
APP='/opt/${sanitizedProductName}/${executable}'
CLI='/opt/${sanitizedProductName}/resources/app/bin/simhat.js'
if [ $# -eq 0 ]; then
    exec "$APP"
fi
case "$1" in
    --help|-h|--version|help) ;;
    -*) exec "$APP" "$@" ;;
esac
ELECTRON_RUN_AS_NODE=1
export ELECTRON_RUN_AS_NODE
exec "$APP" "$CLI" "$@"
LAUNCHER
chmod 0755 "$TMP_LAUNCHER" && mv -f "$TMP_LAUNCHER" "$D/usr/bin/${executable}" || { rm -f "$TMP_LAUNCHER"; fail "cannot install $D/usr/bin/${executable}"; }

# Check if user namespaces are supported by the kernel and working with a quick test:
if ! { [[ -L /proc/self/ns/user ]] && unshare --user true; }; then
    # Use SUID chrome-sandbox only on systems without user namespaces (root-owned, 4755):
    chown root:root "$D$APP_DIR/chrome-sandbox" || true
    chmod 4755 "$D$APP_DIR/chrome-sandbox" || true
else
    chmod 0755 "$D$APP_DIR/chrome-sandbox" || true
fi

if [ -z "$D" ]; then
    if hash update-mime-database 2>/dev/null; then
        update-mime-database /usr/share/mime || true
    fi

    if hash update-desktop-database 2>/dev/null; then
        update-desktop-database /usr/share/applications || true
    fi

    # Install apparmor profile (Ubuntu 24+) when this AppArmor supports it (abi/4.0); see the
    # default template for the reasoning (22.04 runs fine without it).
    if apparmor_status --enabled > /dev/null 2>&1; then
      APPARMOR_PROFILE_SOURCE="$APP_DIR/resources/apparmor-profile"
      APPARMOR_PROFILE_TARGET='/etc/apparmor.d/${executable}'
      if apparmor_parser --skip-kernel-load --debug "$APPARMOR_PROFILE_SOURCE" > /dev/null 2>&1; then
        cp -f "$APPARMOR_PROFILE_SOURCE" "$APPARMOR_PROFILE_TARGET"
        # No live reload inside a chroot (image builds).
        if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
          apparmor_parser --replace --write-cache --skip-read-cache "$APPARMOR_PROFILE_TARGET"
        fi
      else
        echo "Skipping the installation of the AppArmor profile as this version of AppArmor does not seem to support the bundled profile"
      fi
    fi
fi

# ---- Part 2: simhat's privileged network helper ---------------------------------------------

HELPER_DIR='/usr/lib/simhat'
HELPER="$HELPER_DIR/simhat-net-helper"
# The bundled helper (npm run build:helper; extraResources -> resources/net-helper). It runs as
# root, so it stays where dpkg put it: root-owned under /opt, not writable by users.
HELPER_JS="$APP_DIR/resources/net-helper/simhat-net-helper.mjs"
POLICY_NAME='io.github.simhat.net-helper.policy'
RULE_NAME='77-simhat-modem.rules'
SHIPPED="$D$APP_DIR/resources/resources"

[ -f "$D$HELPER_JS" ] || fail "missing $D$HELPER_JS (the package was built without npm run build:helper)"
[ -f "$SHIPPED/polkit/$POLICY_NAME" ] || fail "missing $SHIPPED/polkit/$POLICY_NAME"
[ -f "$SHIPPED/udev/$RULE_NAME" ] || fail "missing $SHIPPED/udev/$RULE_NAME"

install -d -m 0755 -o root -g root "$D$HELPER_DIR" || fail "cannot create $D$HELPER_DIR"
# The launcher pkexec runs (exec.path): the app's own runtime in Node mode, by absolute paths,
# with an empty environment apart from ELECTRON_RUN_AS_NODE. Written beside and renamed into
# place so a concurrent pkexec never sees half a file.
TMP_HELPER="$(mktemp "$D$HELPER_DIR/.simhat-net-helper.XXXXXX")" || fail "cannot write in $D$HELPER_DIR"
cat > "$TMP_HELPER" <<'LAUNCHER'
#!/bin/sh
# simhat's privileged network helper (installed by the simhat package; polkit action
# io.github.simhat.net-helper names this path). Runs the bundled helper with the app's own
# runtime; the helper validates every argument itself.
exec /usr/bin/env -i ELECTRON_RUN_AS_NODE=1 '/opt/${sanitizedProductName}/${executable}' '/opt/${sanitizedProductName}/resources/net-helper/simhat-net-helper.mjs' "$@"
LAUNCHER
chown root:root "$TMP_HELPER" && chmod 0755 "$TMP_HELPER" && mv -f "$TMP_HELPER" "$D$HELPER" || { rm -f "$TMP_HELPER"; fail "cannot install $D$HELPER"; }

install -D -m 0644 -o root -g root "$SHIPPED/polkit/$POLICY_NAME" "$D/usr/share/polkit-1/actions/$POLICY_NAME" || fail "cannot install the polkit action"
install -D -m 0644 -o root -g root "$SHIPPED/udev/$RULE_NAME" "$D/etc/udev/rules.d/$RULE_NAME" || fail "cannot install the udev rule"

if [ -z "$D" ] && hash udevadm 2>/dev/null; then
    udevadm control --reload || true
fi

# ---- Part 3: the systemd unit of `simhat daemon` (issue 11) ----------------------------------
# Installed disabled: "Keep me online" in Settings or `simhat daemon --enable` enables it. An
# upgrade restarts a running daemon so that it runs the new version.
UNIT_NAME='simhat.service'
[ -f "$SHIPPED/systemd/$UNIT_NAME" ] || fail "missing $SHIPPED/systemd/$UNIT_NAME"
install -D -m 0644 -o root -g root "$SHIPPED/systemd/$UNIT_NAME" "$D/usr/lib/systemd/system/$UNIT_NAME" || fail "cannot install the systemd unit"
if [ -z "$D" ] && [ -d /run/systemd/system ]; then
    systemctl daemon-reload || true
    systemctl try-restart "$UNIT_NAME" || true
fi

exit 0
