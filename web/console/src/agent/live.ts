/**
 * The workspace's live line to the server: the `/agent` socket (docs/handoff.md), signed in
 * with the same bearer token as the API. Events are handed to the caller as they come; while
 * the socket is down the caller polls instead (`connected` says which).
 */
import { useEffect, useRef, useState } from 'react';
import { io } from 'socket.io-client';
import { session } from '../shared/api';
import type { Lang } from '../shared/i18n';
import type { Assist, ChatMessage, Offer } from './types';

/** The hand-off events that change the lists (queue, mine, all). */
const HANDOFF_EVENTS = ['handoff.requested', 'handoff.assigned', 'handoff.transferred', 'handoff.closed', 'handoff.requeued'] as const;

export interface LiveHandlers {
  onHandoffChange(): void;
  onOffer(offer: Offer): void;
  onMessage(conversationId: string, message: ChatMessage): void;
  onAssist(conversationId: string, seq: number, assist: Assist): void;
}

/** Connects once per signed-in page; handlers may change between renders without reconnecting. */
export function useAgentSocket(lang: Lang, handlers: LiveHandlers): { connected: boolean } {
  const [connected, setConnected] = useState(false);
  const latest = useRef(handlers);
  latest.current = handlers;

  useEffect(() => {
    const socket = io('/agent', { transports: ['websocket'], auth: { token: session.token(), lang } });
    socket.on('connect', () => setConnected(true));
    socket.on('disconnect', () => setConnected(false));
    for (const name of HANDOFF_EVENTS) socket.on(name, () => latest.current.onHandoffChange());
    socket.on('offer', (offer: Offer) => latest.current.onOffer(offer));
    socket.on('message', (push: { conversationId: string; message: ChatMessage }) => latest.current.onMessage(push.conversationId, push.message));
    socket.on('assist', (push: { conversationId: string; seq: number; assist: Assist }) => latest.current.onAssist(push.conversationId, push.seq, push.assist));
    return () => {
      socket.close();
    };
  }, [lang]);

  return { connected };
}

/** A short two-tone beep (Web Audio): no sound file to load, and nothing plays before the agent has clicked on the page. */
const BEEP_TONES_HZ = [880, 660];
const BEEP_TONE_SECONDS = 0.15;
const BEEP_VOLUME = 0.2;

let audio: AudioContext | null = null;

export function beep(): void {
  try {
    audio ??= new AudioContext();
    const start = audio.currentTime;
    BEEP_TONES_HZ.forEach((hz, i) => {
      const oscillator = audio!.createOscillator();
      const gain = audio!.createGain();
      oscillator.frequency.value = hz;
      gain.gain.value = BEEP_VOLUME;
      oscillator.connect(gain).connect(audio!.destination);
      oscillator.start(start + i * BEEP_TONE_SECONDS);
      oscillator.stop(start + (i + 1) * BEEP_TONE_SECONDS);
    });
  } catch {
    // No audio device (or blocked autoplay): the title and the offer card still tell the agent.
  }
}
