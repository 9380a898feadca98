/**
 * Event-handler content attributes known to browsers: the HTML standard's GlobalEventHandlers,
 * WindowEventHandlers and DocumentAndElementEventHandlers, the UI Events, Pointer Events, Touch Events, CSS
 * Animations and Transitions, Media, Fullscreen and Clipboard specifications, plus the legacy Internet Explorer,
 * WebKit, Gecko and SVG handlers that old browsers still honour. Inside a tag any `on*` attribute is treated as a
 * handler; outside a tag (attribute breakout) a known name is the stronger signal.
 */

import { NameTable } from './names.js';

const NAMES = `
abort activate afterprint afterscriptexecute afterupdate animationcancel animationend animationiteration
animationstart auxclick beforeactivate beforecopy beforecut beforedeactivate beforeeditfocus beforeinput
beforematch beforepaste beforeprint beforescriptexecute beforetoggle beforeunload beforeupdate begin blur bounce
cancel canplay canplaythrough cellchange change click close command contentvisibilityautostatechange
contextlost contextmenu contextrestored controlselect copy cuechange cut dataavailable datasetchanged
datasetcomplete dblclick deactivate drag dragdrop dragend dragenter dragexit dragleave dragover dragstart drop
durationchange emptied end ended error errorupdate filterchange finish focus focusin focusout formchange
forminput formdata fullscreenchange fullscreenerror gotpointercapture hashchange help input invalid keydown
keypress keyup languagechange layoutcomplete load loadeddata loadedmetadata loadend loadstart losecapture
lostpointercapture mediacomplete mediaerror message messageerror mousedown mouseenter mouseleave mousemove
mouseout mouseover mouseup mousewheel move moveend movestart mozfullscreenchange offline online outofsync
pagehide pagereveal pageshow pageswap paste pause pausewhenhidden play playing pointercancel pointerdown
pointerenter pointerleave pointermove pointerout pointerover pointerrawupdate pointerup popstate progress
propertychange ratechange readystatechange rejectionhandled repeat reset resize resizeend resizestart resume
reverse rowdelete rowenter rowexit rowinserted rowsdelete rowsinserted scroll scrollend scrollsnapchange
scrollsnapchanging search securitypolicyviolation seek seeked seeking select selectionchange selectstart show
slotchange stalled start stop storage submit suspend synchrestored timeerror timeupdate toggle touchcancel
touchend touchenter touchleave touchmove touchstart trackchange transitioncancel transitionend transitionrun
transitionstart unhandledrejection unload urlflip visibilitychange volumechange waiting webkitanimationend
webkitanimationiteration webkitanimationstart webkitfullscreenchange webkitmouseforcechanged
webkitmouseforcedown webkitmouseforceup webkitmouseforcewillbegin webkitplaybacktargetavailabilitychanged
webkittransitionend webkitwillrevealbottom wheel zoom focusable svgload svgunload svgabort svgerror svgresize
svgscroll svgzoom
`;

/** Fingerprints of a known handler inside a tag and outside one (an attribute breakout). */
export interface HandlerEntry {
  readonly attribute: string;
  readonly breakout: string;
}

const EVENT_HANDLERS = new NameTable<HandlerEntry>(
  NAMES.split(/\s+/)
    .filter((name) => name !== '')
    .map(
      (name) => [`on${name}`, { attribute: `attr:on${name}`, breakout: `attr-breakout:on${name}` }] as const,
    ),
);

/**
 * The fingerprints of the known event-handler attribute named `codes[start..end)` (with its `on` prefix, any case),
 * or undefined.
 *
 * @example knownEventHandler(codes, 0, 7) // { attribute: 'attr:onerror', ... } for "onerror"
 */
export function knownEventHandler(codes: Uint16Array, start: number, end: number): HandlerEntry | undefined {
  return EVENT_HANDLERS.get(codes, start, end);
}
