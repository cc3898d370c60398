// Vite bundles imported style sheets (the graph's @xyflow/react/dist/style.css); TypeScript only needs to know they exist.
declare module '*.css';
