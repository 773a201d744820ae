import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Stack, Text } from '@mantine/core';
import { FormModal } from '../../../components/Overlays.tsx';
import { barcodeDetectorClass, udiBarcodeFormats } from './barcode.ts';

const SCAN_INTERVAL_MS = 150;

function cameraMessage(error: unknown): string {
  if (error instanceof DOMException && error.name === 'NotAllowedError')
    return 'The browser was not allowed to use the camera. Allow it in the site settings, or type the code.';
  if (error instanceof DOMException && error.name === 'NotFoundError')
    return 'No camera was found. Type the code instead.';
  return 'The camera could not be started. Type the code instead.';
}

/** Live camera view that reports the first barcode it reads, then stops the camera. */
function CameraScan({ onResult }: { onResult: (value: string) => void }) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);
  const onResultRef = useRef(onResult);
  useEffect(() => {
    onResultRef.current = onResult;
  }, [onResult]);

  useEffect(() => {
    const Detector = barcodeDetectorClass();
    if (!Detector) return;
    let stopped = false;
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const start = async () => {
      const supported = await Detector.getSupportedFormats();
      const formats = udiBarcodeFormats.filter((f) => supported.includes(f));
      const detector = new Detector(formats.length > 0 ? { formats } : undefined);
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: { ideal: 'environment' } },
        audio: false,
      });
      const video = videoRef.current;
      if (stopped || !video) return;
      video.srcObject = stream;
      await video.play();
      const tick = async () => {
        if (stopped) return;
        try {
          const found = await detector.detect(video);
          const first = found.find((b) => b.rawValue !== '');
          if (first && !stopped) {
            stopped = true;
            onResultRef.current(first.rawValue);
            return;
          }
        } catch {
          // A frame that is not ready yet; the next one is tried.
        }
        timer = setTimeout(() => void tick(), SCAN_INTERVAL_MS);
      };
      void tick();
    };
    start().catch((e: unknown) => {
      if (!stopped) setError(cameraMessage(e));
    });
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, []);

  return (
    <Stack gap="sm">
      {error ? (
        <Alert color="orange" role="alert">
          {error}
        </Alert>
      ) : (
        <Text size="sm" c="dimmed">
          Point the camera at the UDI barcode (DataMatrix, QR, GS1-128 or DataBar).
        </Text>
      )}
      <video
        ref={videoRef}
        muted
        playsInline
        aria-label="Camera view"
        style={{ width: '100%', maxHeight: '60vh', background: 'black', borderRadius: 8 }}
      />
    </Stack>
  );
}

export function BarcodeScanner(props: {
  opened: boolean;
  onClose: () => void;
  onResult: (value: string) => void;
}) {
  return (
    <FormModal opened={props.opened} onClose={props.onClose} title="Scan a barcode" size="md">
      {props.opened ? (
        <Stack>
          <CameraScan
            onResult={(value) => {
              props.onResult(value);
              props.onClose();
            }}
          />
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
        </Stack>
      ) : null}
    </FormModal>
  );
}
