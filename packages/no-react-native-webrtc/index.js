// Tim's empty stand-in for react-native-webrtc (see package.json): Tim runs on Node and
// Electron, where @libp2p/webrtc uses node-datachannel. Nothing should ever load this file.
throw new Error('react-native-webrtc is not part of Tim: @libp2p/webrtc uses node-datachannel on Node')
