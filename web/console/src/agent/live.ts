/**
 * The workspace's live line to the server: the `/agent` socket (docs/handoff.md), signed in
 * with the same bearer token as the API. Events are handed to the caller as they come; while
 * the socket is down the caller polls instead (`connected` says which).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
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
  onCustomerTyping(conversationId: string, typing: boolean): void;
}

export interface AgentSocket {
  connected: boolean;
  /** Tells the customer the agent is (or stopped) typing; dropped while the socket is down. */
  sendTyping(conversationId: string, typing: boolean): void;
}

/** Connects once per signed-in page; handlers may change between renders without reconnecting. */
export function useAgentSocket(lang: Lang, handlers: LiveHandlers): AgentSocket {
  const [connected, setConnected] = useState(false);
  const latest = useRef(handlers);
  latest.current = handlers;
  const socketRef = useRef<Socket | null>(null);

  useEffect(() => {
    const socket = io('/agent', { transports: ['websocket'], auth: { token: session.token(), lang } });
    socket.on('connect', () => setConnected(true));
    socket.on('disconnect', () => setConnected(false));
    for (const name of HANDOFF_EVENTS) socket.on(name, () => latest.current.onHandoffChange());
    socket.on('offer', (offer: Offer) => latest.current.onOffer(offer));
    socket.on('message', (push: { conversationId: string; message: ChatMessage }) => latest.current.onMessage(push.conversationId, push.message));
    socket.on('assist', (push: { conversationId: string; seq: number; assist: Assist }) => latest.current.onAssist(push.conversationId, push.seq, push.assist));
    socket.on('typing', (push: { conversationId: string; sender: string; typing: boolean }) => {
      if (push.sender === 'customer') latest.current.onCustomerTyping(push.conversationId, push.typing);
    });
    socketRef.current = socket;
    return () => {
      socketRef.current = null;
      socket.close();
    };
  }, [lang]);

  const sendTyping = useCallback((conversationId: string, typing: boolean) => {
    const socket = socketRef.current;
    // Typing is a hint: an error (a conversation just closed, a rate limit) changes nothing on screen.
    if (socket?.connected) socket.emit('typing', { conversationId, typing }, () => {});
  }, []);

  return { connected, sendTyping };
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
